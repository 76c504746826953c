package io.geoalert.streams.reload;

import io.geoalert.kafka.TopicReplay;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows {@code geoalert.rules} and keeps the matcher in force up to date: on each change it
 * builds the new matcher aside and swaps it in atomically, so matching never pauses. A change
 * that would not compile is logged and skipped; the previous rules stay in force.
 */
public final class RulesFollower implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RulesFollower.class);

    private final String bootstrapServers;
    private final int partitions;
    private final RulePack base;
    private final AtomicReference<RuleMatcher> matcher;
    private final Map<String, RuleRecord> changes = new LinkedHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Timer applyLag;
    private final Clock clock;
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean running = true;

    public RulesFollower(String bootstrapServers, int partitions, RulePack base, AtomicReference<RuleMatcher> matcher,
                         MeterRegistry registry, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.partitions = partitions;
        this.base = base;
        this.matcher = matcher;
        this.clock = clock;
        this.consumer = RulesTopic.consumer(bootstrapServers);
        this.applyLag = Timer.builder("geoalert.rules.apply.lag")
                .description("From a rule change written to geoalert.rules to its matcher in force")
                .register(registry);
        registry.gauge("geoalert.rules.active", matcher, m -> m.get().pack().rules().stream().filter(r -> r.isEnabled()).count());
        registry.more().counter("geoalert.rules.changes.applied", List.of(), applied);
    }

    /** Reads the topic to its end and puts the result in force; call before processing starts. */
    public void catchUp(Duration timeout) {
        synchronized (this) {
            TopicReplay.fromBeginning(consumer, io.geoalert.kafka.Topics.RULES, timeout, record -> RulesTopic.apply(changes, record));
        }
        apply(ConsumerRecords.empty(), false);
    }

    @Override
    public void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    apply(batch, true);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private synchronized void apply(ConsumerRecords<String, byte[]> batch, boolean live) {
        long newest = 0;
        for (ConsumerRecord<String, byte[]> record : batch) {
            RulesTopic.apply(changes, record);
            newest = Math.max(newest, record.timestamp());
        }
        swap(live ? newest : null);
        notifyAll();
    }

    /** Waits until this instance has applied the given version of a rule (or its deletion). */
    public synchronized boolean awaitApplied(String id, int version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (changes.get(id) == null || changes.get(id).version() < version) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void swap(Long changeTimestamp) {
        RulePack overlaid = RulesTopic.overlay(base, changes);
        // a bad record written around the API must not hold back the good ones
        RulePack pack = overlaid.withRules(overlaid.rules().stream().filter(rule -> {
            List<String> problems = overlaid.withRules(List.of(rule)).problems();
            if (!problems.isEmpty()) {
                log.warn("rule '{}' from {} left out: {}", rule.id(), io.geoalert.kafka.Topics.RULES, String.join("; ", problems));
            }
            return problems.isEmpty();
        }).toList());
        TopicSetup.ensure(bootstrapServers, TopicSetup.categoryTopics(partitions, pack.categories()));
        RuleMatcher next = RuleMatcher.compile(pack);
        matcher.set(next);
        if (changeTimestamp != null) {
            long lag = clock.millis() - changeTimestamp;
            applyLag.record(Duration.ofMillis(Math.max(0, lag)));
            applied.incrementAndGet();
            log.info("rules changed, now in force: {} ({} ms after the change)", next.size(), lag);
        } else if (!changes.isEmpty()) {
            log.info("rules from {}: {} over the base pack", io.geoalert.kafka.Topics.RULES, RulesTopic.describe(changes));
        }
    }

    /** The changes read so far (a copy), for writing the next version. */
    public synchronized Map<String, RuleRecord> changes() {
        return Map.copyOf(changes);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
