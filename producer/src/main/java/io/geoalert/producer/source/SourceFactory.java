package io.geoalert.producer.source;

import java.util.Map;

/**
 * Creates sources of one {@link #type()} from their configuration. Integrators add a type by
 * putting a jar with an implementation, listed in
 * {@code META-INF/services/io.geoalert.producer.source.SourceFactory}, on the class path.
 */
public interface SourceFactory {

    /** The {@code type} value in the configuration, e.g. {@code rss}. */
    String type();

    /**
     * Makes the source a configuration entry describes.
     *
     * @param options the source's configuration entries besides id, type and interval
     * @throws IllegalArgumentException naming the option at fault
     */
    Source create(SourceSpec spec, Map<String, Object> options);
}
