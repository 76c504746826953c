package io.geoalert.consumer.subscription;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The subscriptions in force: the configured ones overlaid by the latest record per id on the
 * compacted topic {@code geoalert.subscriptions}. Listeners hear every change, with the whole map.
 */
public interface SubscriptionRegistry {

    /** The subscriptions in force, by id. */
    Map<String, Subscription> current();

    /** Calls {@code listener} now with {@link #current()} and after every change. */
    void subscribe(Consumer<Map<String, Subscription>> listener);
}
