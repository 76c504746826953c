package io.geoalert.consumer.delivery;

import io.geoalert.model.Alert;
import java.io.IOException;

/**
 * Somewhere alerts are delivered to. {@link #deliver} throws when delivery failed and may be retried;
 * {@link #flush} makes every alert delivered since the last flush durable, and offsets are committed
 * only after every sink flushed.
 */
public interface AlertSink extends AutoCloseable {

    /** A short name for logs and metrics tags, e.g. {@code console} or {@code file}. */
    String name();

    void deliver(Alert alert) throws Exception;

    /**
     * Called after a batch, before offsets are committed. When it throws, the sink must drop what it
     * still holds: the service delivers every alert since the last successful flush again.
     */
    default void flush() throws Exception {}

    @Override
    default void close() throws IOException {}
}
