package io.geoalert.consumer.subscription;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicFollower;
import io.geoalert.kafka.TopicReplay;
import io.geoalert.model.Topics;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions in force on this instance: the configured ones overlaid by the latest record
 * per id on {@code geoalert.subscriptions}, followed without restart. A record that cannot be put in
 * force is refused, logged, counted and listed ({@link SubscriptionChanges}); the previous
 * subscriptions stay. The follow loop is supervised: if it fails (Kafka away, a bug) it restarts
 * with backoff and shows DOWN on {@code /health} meanwhile. Listeners hear each change, in order,
 * on the follow thread.
 */
public final class SubscriptionsFollower implements Service, SubscriptionRegistry {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionsFollower.class);

    private final KafkaClients kafka;
    private final SubscriptionChanges changes;
    private final Timer applyLag;
    private final Counter refused;
    private final Clock clock;
    private final AtomicLong applied = new AtomicLong();
    private final TopicFollower<String, byte[]> follower;
    private final List<Consumer<Map<String, Subscription>>> listeners = new CopyOnWriteArrayList<>();
    /** Held while listeners are told of a change, so that each hears every change in order. */
    private final Object telling = new Object();

    private volatile Map<String, Subscription> current;
    private boolean swapPending;
    /** Timestamp of the newest change read since the last swap. */
    private long newestChange;

    /**
     * @param configured the subscriptions of the config file, at version 0; ids must be unique
     */
    public SubscriptionsFollower(
            KafkaClients kafka, List<Subscription> configured, MeterRegistry registry, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
        this.changes = new SubscriptionChanges(configured, clock);
        this.current = changes.inForce();
        this.applyLag = Timer.builder("geoalert.subscriptions.apply.lag")
                .description("From a subscription change written to geoalert.subscriptions to its being in force")
                .register(registry);
        this.refused = Counter.builder("geoalert.subscriptions.records.refused")
                .description("Records on geoalert.subscriptions refused (unreadable, invalid, stale version); "
                        + "the subscriptions in force stay")
                .register(registry);
        Gauge.builder(
                        "geoalert.subscriptions.active",
                        this,
                        f -> f.current.values().stream()
                                .filter(Subscription::enabled)
                                .count())
                .description("Enabled subscriptions in force")
                .register(registry);
        FunctionCounter.builder("geoalert.subscriptions.changes.applied", applied, AtomicLong::get)
                .description("Subscription changes from geoalert.subscriptions put in force")
                .register(registry);
        this.follower = new TopicFollower<>(
                "subscriptions-follower",
                Topics.SUBSCRIPTIONS,
                () -> SubscriptionsTopic.consumer(kafka),
                Duration.ofMillis(100),
                TopicFollower.Start.BEGINNING,
                new TopicFollower.Handler<>() {
                    @Override
                    public void record(ConsumerRecord<String, byte[]> record) {
                        readChange(record);
                    }

                    @Override
                    public void polled(int records) {
                        putInForce(records > 0, true);
                    }
                },
                registry);
    }

    /** Reads the topic to its end and puts the result in force; call before {@link #start()}. */
    public void catchUp(Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = SubscriptionsTopic.consumer(kafka)) {
            synchronized (this) {
                TopicReplay.fromBeginning(consumer, Topics.SUBSCRIPTIONS, timeout, this::applyOne);
            }
            follower.continueFrom(consumer);
        }
        putInForce(true, false);
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

    private synchronized void readChange(ConsumerRecord<String, byte[]> record) {
        swapPending = true;
        applyOne(record);
        newestChange = Math.max(newestChange, record.timestamp());
    }

    private void applyOne(ConsumerRecord<String, byte[]> record) {
        if (changes.apply(record) != null) {
            refused.increment();
        }
    }

    /** Puts the changes read so far in force and tells the listeners, when there is something new. */
    private void putInForce(boolean changed, boolean live) {
        synchronized (this) {
            if (!changed && !swapPending) {
                return;
            }
            current = changes.inForce();
            if (changed && live) {
                long lag = Math.max(0, clock.millis() - newestChange);
                applyLag.record(Duration.ofMillis(lag));
                applied.incrementAndGet();
                log.info("subscriptions changed, now in force: {} ({} ms after the change)", current.size(), lag);
            } else if (!live && changes.changes() > 0) {
                log.info(
                        "subscriptions from {}: {} in force, {} change(s) over the configured ones",
                        Topics.SUBSCRIPTIONS,
                        current.size(),
                        changes.changes());
            }
            newestChange = 0;
        }
        tell();
        synchronized (this) {
            swapPending = false;
            notifyAll();
        }
    }

    private void tell() {
        synchronized (telling) {
            Map<String, Subscription> now = current;
            for (Consumer<Map<String, Subscription>> listener : listeners) {
                try {
                    listener.accept(now);
                } catch (RuntimeException e) {
                    // a listener's bug must not stop the others hearing of the change, nor the follower
                    log.error("a subscriptions listener failed on a change: {}", e.toString(), e);
                }
            }
        }
    }

    /**
     * Waits until this instance has put the given version of a subscription (or its deletion, or a
     * later change) in force and told its listeners.
     */
    public synchronized boolean awaitApplied(String id, int version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (changes.versionOf(id) < version || swapPending) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** The version a subscription is at on this instance (0 when configured and unchanged, or unknown). */
    public synchronized int versionOf(String id) {
        return changes.versionOf(id);
    }

    /** The accepted change in force for an id, or {@code null}. */
    public synchronized SubscriptionRecord latest(String id) {
        return changes.latest(id);
    }

    /** Records refused lately, oldest first. */
    public synchronized List<RejectedRecord> rejected() {
        return changes.rejected();
    }

    /** The follow loop's health, with how many subscriptions are in force and how many records were refused. */
    @Override
    public Health.Status health() {
        Health.Status status = follower.health();
        long refusedCount;
        RejectedRecord last;
        synchronized (this) {
            refusedCount = changes.rejectedTotal();
            List<RejectedRecord> listed = changes.rejected();
            last = listed.isEmpty() ? null : listed.get(listed.size() - 1);
        }
        String detail = status.detail() + "; " + current.size() + " subscription(s) in force";
        if (refusedCount > 0) {
            detail += "; " + refusedCount + " subscription record(s) refused, latest " + last.key() + ": "
                    + last.reason() + " (GET /v1/subscriptions lists them)";
        }
        return status.up() ? Health.Status.up(detail) : Health.Status.down(detail);
    }

    @Override
    public void close() {
        follower.close();
    }
}
