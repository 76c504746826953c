package io.geoalert.streams.reload;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicFollower;
import io.geoalert.kafka.TopicReplay;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Topics;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code geoalert.rules} and keeps the matcher in force up to date: on each change it
 * builds the new matcher aside and swaps it in atomically, so matching never pauses. A record that
 * cannot be put in force is refused and listed ({@link RuleChanges}); the previous rules stay. The
 * follow loop is supervised: if it fails (Kafka away, a bug) it is restarted with backoff, shown
 * DOWN on {@code /health} meanwhile, and retries the change it could not apply.
 */
public final class RulesFollower implements Service {

    private static final Logger log = LoggerFactory.getLogger(RulesFollower.class);

    private final KafkaClients kafka;
    private final int partitions;
    private final AtomicReference<RuleMatcher> matcher;
    private final RuleChanges changes;
    private final Timer applyLag;
    private final Counter refused;
    private final Clock clock;
    private final AtomicLong applied = new AtomicLong();
    private final TopicFollower<String, byte[]> follower;
    private boolean swapPending;
    /** Timestamp of the newest change read since the last swap. */
    private long newestChange;

    public RulesFollower(
            KafkaClients kafka,
            int partitions,
            RulePack base,
            int maxCategories,
            AtomicReference<RuleMatcher> matcher,
            MeterRegistry registry,
            Clock clock) {
        this.kafka = kafka;
        this.partitions = partitions;
        this.matcher = matcher;
        this.clock = clock;
        this.changes = new RuleChanges(base, maxCategories, clock);
        this.applyLag = Timer.builder("geoalert.rules.apply.lag")
                .description("From a rule change written to geoalert.rules to its matcher in force")
                .register(registry);
        this.refused = Counter.builder("geoalert.rules.records.refused")
                .description(
                        "Records on geoalert.rules refused (unreadable, invalid, stale version); the rules in force stay")
                .register(registry);
        Gauge.builder(
                        "geoalert.rules.active",
                        matcher,
                        m -> m.get().pack().rules().stream()
                                .filter(Rule::isEnabled)
                                .count())
                .description("Enabled rules in force")
                .register(registry);
        FunctionCounter.builder("geoalert.rules.changes.applied", applied, AtomicLong::get)
                .description("Rule changes from geoalert.rules put in force")
                .register(registry);
        this.follower = new TopicFollower<>(
                "rules-follower",
                Topics.RULES,
                () -> RulesTopic.consumer(kafka),
                Duration.ofMillis(100),
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

    /** Reads the topic to its end and puts the result in force; call before processing starts. */
    public void catchUp(Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = RulesTopic.consumer(kafka)) {
            synchronized (this) {
                TopicReplay.fromBeginning(consumer, Topics.RULES, timeout, this::applyOne);
            }
            follower.continueFrom(consumer);
        }
        putInForce(true, false);
    }

    @Override
    public String name() {
        return "rules";
    }

    /** Starts following changes on a supervised thread; {@link #catchUp} comes first. */
    @Override
    public void start() {
        follower.start();
    }

    /** A change read live: applied at once, put in force once its batch is read ({@link #awaitApplied} waits for that). */
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
     * Puts the rules read so far in force when there is something new (or a swap is still pending);
     * {@code live} changes have their lag from the change to now measured.
     */
    private synchronized void putInForce(boolean changed, boolean live) {
        if (!changed && !swapPending) {
            return;
        }
        swapPending = true;
        swap(changed && live ? newestChange : null);
        newestChange = 0;
        notifyAll();
    }

    private void swap(Long changeTimestamp) {
        RulePack pack = changes.inForce();
        TopicSetup.ensure(kafka, TopicSetup.categoryTopics(partitions, pack.categories()));
        RuleMatcher next = compileLeavingOutFaults(pack);
        matcher.set(next);
        swapPending = false;
        if (changeTimestamp != null) {
            long lag = clock.millis() - changeTimestamp;
            applyLag.record(Duration.ofMillis(Math.max(0, lag)));
            applied.incrementAndGet();
            log.info("rules changed, now in force: {} ({} ms after the change)", next.size(), lag);
        } else if (!changes.isEmpty()) {
            log.info(
                    "rules from {}: {} change(s) over the base pack",
                    Topics.RULES,
                    changes.latest().size());
        }
    }

    /** A rule that passes validation yet fails to compile is a bug; it is refused alone, the others go in force. */
    private RuleMatcher compileLeavingOutFaults(RulePack pack) {
        try {
            return RuleMatcher.compile(pack);
        } catch (RuntimeException whole) {
            List<Rule> good = new ArrayList<>();
            for (Rule rule : pack.rules()) {
                try {
                    RuleMatcher.compile(pack.withRules(List.of(rule)));
                    good.add(rule);
                } catch (RuntimeException e) {
                    log.error("rule '{}' does not compile and is left out: {}", rule.id(), e.toString());
                    changes.refuse(rule.id(), "does not compile: " + e);
                    refused.increment();
                }
            }
            return RuleMatcher.compile(pack.withRules(good));
        }
    }

    /** Waits until this instance has applied the given version of a rule (or its deletion, or a later change). */
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

    /** The version a rule is at on this instance (0 when unknown). */
    public synchronized int versionOf(String id) {
        return changes.versionOf(id);
    }

    /** The accepted change in force for a rule, or {@code null}. */
    public synchronized RuleRecord latest(String id) {
        return changes.latest(id);
    }

    /** Records refused lately, oldest first. */
    public synchronized List<RejectedRecord> rejected() {
        return changes.rejected();
    }

    /** Why a rule with this category could not be added, or {@code null} when it can. */
    public synchronized String categoryLimit(Rule rule) {
        return changes.categoryLimit(rule);
    }

    /** The follow loop's health, with how many records were refused. */
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
        if (refusedCount == 0) {
            return status;
        }
        String detail = status.detail() + "; " + refusedCount + " rule record(s) refused, latest " + last.key() + ": "
                + last.reason() + " (GET /v1/rules lists them)";
        return status.up() ? Health.Status.up(detail) : Health.Status.down(detail);
    }

    @Override
    public void close() {
        follower.close();
    }
}
