package io.geoalert.consumer.subscription;

import io.geoalert.changes.ChangeFollower;
import io.geoalert.changes.RejectedRecord;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions in force on this instance: the configured ones overlaid by the latest record
 * per id on {@code geoalert.subscriptions}, followed without restart. A record that cannot be put in
 * force is refused, logged, counted and listed ({@link SubscriptionChanges}); the previous
 * subscriptions stay. The follow loop is supervised ({@link ChangeFollower}): if it fails (Kafka
 * away, a bug) it restarts with backoff and shows DOWN on {@code /health} meanwhile. Listeners hear
 * each change, in order, on the follow thread.
 */
public final class SubscriptionsFollower implements Service, SubscriptionRegistry {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionsFollower.class);

    private final ChangeFollower<SubscriptionRecord, Subscription> follower;
    private final List<Consumer<Map<String, Subscription>>> listeners = new CopyOnWriteArrayList<>();
    /** Held while listeners are told of a change, so that each hears every change in order. */
    private final Object telling = new Object();

    private volatile Map<String, Subscription> current;

    /**
     * @param configured the subscriptions of the config file, at version 0; ids must be unique
     */
    public SubscriptionsFollower(
            KafkaClients kafka, List<Subscription> configured, MeterRegistry registry, Clock clock) {
        SubscriptionChanges changes = new SubscriptionChanges(configured, clock);
        this.current = changes.inForce();
        this.follower = new ChangeFollower<>(kafka, changes.log(), this::putInForce, registry, clock);
        Gauge.builder(
                        "geoalert.subscriptions.active",
                        this,
                        f -> f.current.values().stream()
                                .filter(Subscription::enabled)
                                .count())
                .description("Enabled subscriptions in force")
                .register(registry);
    }

    /** Reads the topic to its end and puts the result in force; call before {@link #start()}. */
    public void catchUp(Duration timeout) {
        follower.catchUp(timeout);
    }

    @Override
    public String name() {
        return "subscriptions";
    }

    /** Starts following changes on a supervised thread; {@link #catchUp} comes first. */
    @Override
    public void start() {
        follower.start();
    }

    @Override
    public Map<String, Subscription> current() {
        return current;
    }

    @Override
    public void subscribe(Consumer<Map<String, Subscription>> listener) {
        synchronized (telling) {
            listeners.add(listener);
            listener.accept(current);
        }
    }

    /** Puts the subscriptions in force and tells the listeners. */
    private String putInForce(Map<String, Subscription> inForce) {
        synchronized (telling) {
            current = inForce;
            for (Consumer<Map<String, Subscription>> listener : listeners) {
                try {
                    listener.accept(inForce);
                } catch (RuntimeException e) {
                    // a listener's bug must not stop the others hearing of the change, nor the follower
                    log.error("a subscriptions listener failed on a change: {}", e.toString(), e);
                }
            }
        }
        return Integer.toString(inForce.size());
    }

    /**
     * Waits until this instance has put the given version of a subscription (or its deletion, or a
     * later change) in force and told its listeners.
     */
    public boolean awaitApplied(String id, int version, Duration timeout) throws InterruptedException {
        return follower.awaitApplied(id, version, timeout);
    }

    /** The version a subscription is at on this instance (0 when configured and unchanged, or unknown). */
    public int versionOf(String id) {
        return follower.versionOf(id);
    }

    /** The accepted change in force for an id, or {@code null}. */
    public SubscriptionRecord latest(String id) {
        return follower.latest(id);
    }

    /** Records refused lately, oldest first. */
    public List<RejectedRecord> rejected() {
        return follower.rejected();
    }

    /** The changes this follower keeps, for the routes. */
    ChangeFollower<SubscriptionRecord, Subscription> changes() {
        return follower;
    }

    /** The follow loop's health, with how many subscriptions are in force and how many records were refused. */
    @Override
    public Health.Status health() {
        return follower.health(current.size() + " subscription(s) in force");
    }

    @Override
    public void close() {
        follower.close();
    }
}
