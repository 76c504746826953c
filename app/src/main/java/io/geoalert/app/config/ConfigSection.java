package io.geoalert.app.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The section of the configuration file that holds the options of a command or mixin: its option
 * {@code --story-window} is the key {@code streams.story-window} under {@code @ConfigSection("streams")}.
 * Options of a mixin without one take the section of the class that mixes them in.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConfigSection {
    /** The section's name, the first part of each key, e.g. {@code http}. */
    String value();
}
