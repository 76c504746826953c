package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.consumer.subscription.SubscriptionRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Subscriptions held in a map, changed by the test; listeners hear each change. */
final class MapRegistry implements SubscriptionRegistry {

    private final Map<String, Subscription> subscriptions = new TreeMap<>();
    private final List<Consumer<Map<String, Subscription>>> listeners = new CopyOnWriteArrayList<>();

    MapRegistry(Subscription... initial) {
        for (Subscription s : initial) {
            subscriptions.put(s.id(), s);
        }
    }

    @Override
    public synchronized Map<String, Subscription> current() {
        return Map.copyOf(subscriptions);
    }

    @Override
    public void subscribe(Consumer<Map<String, Subscription>> listener) {
        listeners.add(listener);
        listener.accept(current());
    }

    void put(Subscription subscription) {
        synchronized (this) {
            subscriptions.put(subscription.id(), subscription);
        }
        fire();
    }

    void remove(String id) {
        synchronized (this) {
            subscriptions.remove(id);
        }
        fire();
    }

    private void fire() {
        Map<String, Subscription> now = current();
        listeners.forEach(l -> l.accept(now));
    }
}
