package io.geoalert.consumer.channel;

/**
 * A way to reach a subscriber (webhook, Slack, Teams, e-mail, terminal, file). Thread-safe; one
 * instance per subscription, built from its settings with secrets resolved. {@link #send} never
 * throws for the destination's failures: it says what happened.
 */
public interface Channel extends AutoCloseable {

    /** The channel type, as in the subscription ({@code webhook}, {@code slack}, ...): a metrics tag. */
    String type();

    Outcome send(Delivery delivery);

    @Override
    default void close() {}
}
