package io.geoalert.app;

import io.geoalert.kafka.TopicReplay;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the alerts topic as a {@code read_committed} reader from its end at construction, counting
 * each alert id of one test run (alerts keyed by an item id with the run's prefix): what the fault
 * tests count lost and doubled alerts with.
 */
final class ReadCommittedAlerts implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String prefix;
    private final Map<String, Integer> counts = new HashMap<>();

    ReadCommittedAlerts(String bootstrap, String prefix) {
        this.prefix = prefix;
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = TopicReplay.partitions(consumer, Topics.ALERTS);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start before any alert of this run exists
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
            if (record.key() != null && record.key().startsWith(prefix)) {
                String alertId =
                        Json.MAPPER.convertValue(readTree(record.value()).get("alertId"), String.class);
                counts.merge(alertId, 1, Integer::sum);
            }
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads for about {@code span}. */
    void readFor(Duration span) {
        long until = System.nanoTime() + span.toNanos();
        do {
            poll();
        } while (System.nanoTime() < until);
    }

    /** Reads until {@code distinct} alert ids were seen; fails after {@code timeout}. */
    void awaitAtLeast(int distinct, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counts.size() < distinct) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "saw " + counts.size() + " alerts, waited for " + distinct + " within " + timeout);
            }
            poll();
        }
    }

    /**
     * Reads until every expected id was seen or {@code timeout} passed; returns {@link System#nanoTime()}
     * when the last of them was seen, or -1 if some never were.
     */
    long awaitSeen(Set<String> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!counts.keySet().containsAll(expected)) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            poll();
        }
        return System.nanoTime();
    }

    /** As {@link #awaitSeen}, then reads 2 s more: anything doubled arrives by then or not at all. */
    long awaitAll(Set<String> expected, Duration timeout) {
        long seenAt = awaitSeen(expected, timeout);
        long quiet = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < quiet) {
            poll();
        }
        return seenAt;
    }

    /**
     * Reads everything committed so far: up to the last stable offset of each partition (what a
     * {@code read_committed} reader's end offsets are), so that a count taken next holds no alert that
     * was already visible and merely unread.
     */
    void catchUp(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("did not read up to the committed end " + ends + " within " + timeout);
            }
            poll();
        }
    }

    int distinct() {
        return counts.size();
    }

    Set<String> ids() {
        return counts.keySet();
    }

    /** Copies beyond the first, over all alert ids seen. */
    int doubled() {
        return counts.values().stream().mapToInt(c -> c - 1).sum();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
