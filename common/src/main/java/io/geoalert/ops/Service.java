package io.geoalert.ops;

/**
 * What a process runs: something that starts, reports its health and closes. A node starts its
 * services in order and closes them in reverse; it knows nothing of their insides.
 */
public interface Service extends AutoCloseable {

    /** The component name on {@code /health}, e.g. {@code streams} or {@code delivery}. */
    String name();

    /** Starts background work; returns once the service can answer {@link #health()}. */
    void start();

    /** UP or DOWN with a detail line; never throws. */
    Health.Status health();

    @Override
    void close();
}
