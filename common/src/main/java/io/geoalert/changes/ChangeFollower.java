package io.geoalert.changes;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicFollower;
import io.geoalert.kafka.TopicReplay;
import io.geoalert.ops.Health;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a change topic into its {@link ChangeLog} and keeps the values in force up to date: reads
 * the topic to its end first ({@link #catchUp}), then follows it on a supervised loop; after each
 * batch that brought changes it hands the values in force to the kind once, and wakes the writers
 * waiting in {@link #awaitApplied}. If putting them in force fails, the loop restarts with backoff,
 * shows DOWN on {@code /health} meanwhile, and tries again on its first poll. A record is read and
 * its refusal counted under the follower's lock, which its reads take too, so whoever sees a refusal
 * listed sees it counted; the kind puts values in force outside that lock, free to read the follower.
 */
public final class ChangeFollower<R extends VersionedRecord, V> implements AutoCloseable {

    /** What the kind does with the values in force: swap a matcher, tell listeners. */
    @FunctionalInterface
    public interface InForce<V> {
        /** Puts these values in force, on the follow thread; returns what is in force now, for the log: {@code 3}. */
        String put(Map<String, V> values);
    }

    private static final Logger log = LoggerFactory.getLogger(ChangeFollower.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final KafkaClients kafka;
    private final ChangeKind<R> kind;
    private final ChangeLog<R, V> changes;
    private final InForce<V> inForce;
    private final Clock clock;
    private final Timer applyLag;
    private final Counter refused;
    private final AtomicLong applied = new AtomicLong();
    private final TopicFollower<String, byte[]> follower;
    /** Set while changes read are not yet in force: {@link #awaitApplied} waits for it to clear. */
    private boolean swapPending;
    /** Timestamp of the newest change read since values were last put in force. */
    private long newestChange;

    public ChangeFollower(
            KafkaClients kafka, ChangeLog<R, V> changes, InForce<V> inForce, MeterRegistry registry, Clock clock) {
        this.kafka = kafka;
        this.kind = changes.kind();
        this.changes = changes;
        this.inForce = inForce;
        this.clock = clock;
        String noun = kind.noun();
        this.applyLag = Timer.builder(kind.metricPrefix() + ".apply.lag")
                .description("From a " + noun + " change written to " + kind.topic() + " to " + kind.inForceAs())
                .register(registry);
        this.refused = Counter.builder(kind.metricPrefix() + ".records.refused")
                .description("Records on " + kind.topic() + " refused (unreadable, invalid, stale version); the "
                        + kind.plural() + " in force stay")
                .register(registry);
        FunctionCounter.builder(kind.metricPrefix() + ".changes.applied", applied, AtomicLong::get)
                .description(Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + " changes from " + kind.topic()
                        + " put in force")
                .register(registry);
        this.follower = new TopicFollower<>(
                kind.plural() + "-follower",
                kind.topic(),
                () -> ChangeTopic.consumer(kafka, kind),
                POLL_TIMEOUT,
                TopicFollower.Start.BEGINNING,
                new TopicFollower.Handler<>() {
                    @Override
                    public void record(ConsumerRecord<String, byte[]> record) {
                        readChange(record);
                    }

                    @Override
                    public void polled(int records) {
                        // a change read before a failure is put in force on the first poll after the restart
                        putInForce(records > 0, true);
                    }
                },
                registry);
    }

    public ChangeKind<R> kind() {
        return kind;
    }

    /** Reads the topic to its end and puts the result in force; call before {@link #start()}. */
    public void catchUp(Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = ChangeTopic.consumer(kafka, kind)) {
            synchronized (this) {
                TopicReplay.fromBeginning(consumer, kind.topic(), timeout, this::applyOne);
            }
            follower.continueFrom(consumer);
        }
        putInForce(true, false);
    }

    /** Starts following changes on a supervised thread; {@link #catchUp} comes first. */
    public void start() {
        follower.start();
    }

    /** A change read live: applied at once, put in force once its batch is read. */
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

    /**
     * Puts the values read so far in force when there is something new (or a put is still pending);
     * {@code live} changes have their lag from the change to now measured.
     */
    private void putInForce(boolean changed, boolean live) {
        Map<String, V> values;
        synchronized (this) {
            if (!changed && !swapPending) {
                return;
            }
            swapPending = true;
            values = changes.inForce();
        }
        String now = inForce.put(values);
        synchronized (this) {
            if (changed && live) {
                long lag = Math.max(0, clock.millis() - newestChange);
                applyLag.record(Duration.ofMillis(lag));
                applied.incrementAndGet();
                log.info("{} changed, now in force: {} ({} ms after the change)", kind.plural(), now, lag);
            } else if (!live && changes.changedIds() > 0) {
                log.info(
                        "{} from {}: {} in force, {} change(s) over {}",
                        kind.plural(),
                        kind.topic(),
                        now,
                        changes.changedIds(),
                        kind.base());
            }
            newestChange = 0;
            swapPending = false;
            notifyAll();
        }
    }

    /**
     * Waits until this instance has put the given version of an id (or its deletion, or a later
     * change) in force; false when {@code timeout} passes first.
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

    /** The version an id is at on this instance (its version in the base when unchanged, 0 when unknown). */
    public synchronized int versionOf(String id) {
        return changes.versionOf(id);
    }

    /** The accepted change in force for an id, or {@code null}. */
    public synchronized R latest(String id) {
        return changes.latest(id);
    }

    /** Records refused lately, oldest first. */
    public synchronized List<RejectedRecord> rejected() {
        return changes.rejected();
    }

    /** Refuses a change found unfit after it was accepted (see {@link ChangeLog#refuse}), and counts it. */
    public synchronized void refuse(String id, String reason) {
        changes.refuse(id, reason);
        refused.increment();
    }

    /**
     * The follow loop's health, with a summary of what is in force (or {@code null}) and, when any
     * record was refused, how many and the latest.
     */
    public Health.Status health(String summary) {
        Health.Status status = follower.health();
        long refusedCount;
        RejectedRecord last;
        synchronized (this) {
            refusedCount = changes.rejectedTotal();
            last = changes.lastRejected();
        }
        String detail = summary == null ? status.detail() : status.detail() + "; " + summary;
        if (refusedCount > 0 && last != null) {
            detail += "; " + refusedCount + " " + kind.noun() + " record(s) refused, latest " + last.key() + ": "
                    + last.reason() + " (" + kind.listedBy() + " lists them)";
        }
        return status.up() ? Health.Status.up(detail) : Health.Status.down(detail);
    }

    @Override
    public void close() {
        follower.close();
    }
}
