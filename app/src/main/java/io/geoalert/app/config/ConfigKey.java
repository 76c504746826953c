package io.geoalert.app.config;

import java.util.List;
import java.util.Locale;

/**
 * One key of the configuration file, with the option and environment variables that set it too.
 *
 * @param key dotted name in the file, e.g. {@code streams.story-window}
 * @param option the command-line option that sets it; empty for keys only the file and environment set
 * @param type what it takes, e.g. {@code integer}, {@code span}, {@code one of a, b}
 * @param defaultValue the built-in value; empty when there is none or the description says it
 * @param env the environment variables that set it, the first one set winning; empty for none
 * @param description what it does, from the option's help
 * @param commands the service commands that read it
 */
public record ConfigKey(
        String key,
        String option,
        String type,
        String defaultValue,
        List<String> env,
        String description,
        List<String> commands) {

    public ConfigKey {
        env = List.copyOf(env);
        commands = List.copyOf(commands);
    }

    /** The environment variable of a key: {@code GEOALERT_} and the key in capitals, '.' and '-' as '_'. */
    public static String envName(String key) {
        return "GEOALERT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
