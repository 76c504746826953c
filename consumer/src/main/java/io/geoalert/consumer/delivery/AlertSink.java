package io.geoalert.consumer.delivery;

import io.geoalert.model.Alert;

/** Somewhere alerts are delivered to. {@link #deliver} throws when delivery failed and may be retried. */
public interface AlertSink extends AutoCloseable {

    /** A short name for logs and metrics tags, e.g. {@code console} or {@code file}. */
    String name();

    void deliver(Alert alert) throws Exception;

    /** Called after a batch, before offsets are committed. */
    default void flush() throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
