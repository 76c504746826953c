package io.geoalert.consumer.channel;

import io.geoalert.consumer.subscription.Subscription;

/** Builds the channel a subscription names, with its secrets resolved. */
@FunctionalInterface
public interface ChannelFactory {

    /**
     * Builds the channel of one subscription.
     *
     * @throws IllegalArgumentException naming the setting when the channel cannot be built (an
     *     unknown type, a secret reference that does not resolve)
     */
    Channel create(Subscription subscription);
}
