package io.geoalert.app.bench;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Alert;
import io.geoalert.model.Topic;
import io.geoalert.model.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A {@code read_committed} reader of {@code alerts}, from the end of the topic when it starts: notes
 * when each alert arrives, as an analyst's client would see it, for the whole benchmark.
 */
final class AlertWatch extends TopicWatch<Alert> {

    /**
     * One alert as it arrived: whose item it is, when the story stage raised it (its {@code detectedAt}) and
     * when it arrived (wall clock, microseconds; raised 0 when the alert does not say).
     */
    record Arrival(String itemId, long raisedMicros, long atMicros) {}

    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Queue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final AtomicLong updates = new AtomicLong();

    AlertWatch(KafkaClients kafka) {
        super(
                kafka.consumer(
                        Map.of(
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT),
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "geoalert-bench-alerts"),
                        new StringDeserializer(),
                        Topic.ALERT_SERDE.deserializer()),
                Topics.ALERTS);
        start();
    }

    @Override
    void arrived(ConsumerRecords<String, Alert> records, long at) {
        for (ConsumerRecord<String, Alert> record : records) {
            Alert alert = record.value();
            if (alert.update()) {
                updates.incrementAndGet(); // a story merged: its copy raised no alert of its own
                continue;
            }
            long raised = alert.detectedAt() == null ? 0 : Micros.of(alert.detectedAt());
            arrivals.add(new Arrival(alert.itemId(), raised, at));
            firstSeen.putIfAbsent(alert.itemId(), at);
        }
    }

    /**
     * Waits until an alert of every one of {@code itemIds} has arrived; returns when the last of them
     * did (microseconds).
     *
     * @throws IllegalStateException when they do not all arrive within {@code timeout}
     */
    long awaitAll(Collection<String> itemIds, Duration timeout, Progress progress, String phase)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            rethrowFailure("alerts");
            long seen = itemIds.stream().filter(firstSeen::containsKey).count();
            progress.show(phase, seen, itemIds.size(), "alerting items");
            if (seen == itemIds.size()) {
                return itemIds.stream().mapToLong(firstSeen::get).max().orElse(Micros.now());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "%s: alerts of %d of %d alerting items arrived within %d s (%d alert updates: merged stories)",
                        phase,
                        seen,
                        itemIds.size(),
                        timeout.toSeconds(),
                        updates.get()));
            }
            Thread.sleep(5);
        }
    }

    /** Every alert's latency from its item's send time, in microseconds, for the items in {@code sentMicros}. */
    long[] latencies(Map<String, Long> sentMicros) {
        return since(sentMicros, Arrival::atMicros);
    }

    /**
     * The first part of each latency: from its item's send time until the story stage raised the alert
     * ({@code detectedAt}, stamped there by the streams service's clock, the same machine's): ingest, matching
     * and the stories-by-key hop. The rest is the hop to the reader through {@code alerts}.
     */
    long[] storyLatencies(Map<String, Long> sentMicros) {
        return since(sentMicros, Arrival::raisedMicros);
    }

    /** From each item's send time to a moment of its alert's arrival (0: not known, left out). */
    private long[] since(Map<String, Long> sentMicros, ToLongFunction<Arrival> moment) {
        return arrivals.stream()
                .filter(a -> sentMicros.containsKey(a.itemId()) && moment.applyAsLong(a) > 0)
                .mapToLong(a -> moment.applyAsLong(a) - sentMicros.get(a.itemId()))
                .toArray();
    }

    /** Alerts that were updates of a story rather than first alerts (0 when no generated stories merged). */
    long updates() {
        return updates.get();
    }
}
