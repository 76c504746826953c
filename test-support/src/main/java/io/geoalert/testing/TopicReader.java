package io.geoalert.testing;

import io.geoalert.kafka.TopicReplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning until enough matching records arrive, for integration tests. */
public final class TopicReader {

    private TopicReader() {}

    /**
     * Waits until {@code count} records satisfying {@code wanted} have been read (committed
     * transactions only), or fails with what was seen when {@code timeout} passes.
     */
    public static List<ConsumerRecord<String, byte[]>> await(
            String bootstrapServers,
            String topic,
            int count,
            Predicate<ConsumerRecord<String, byte[]>> wanted,
            Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = committedReader(bootstrapServers)) {
            TopicReplay.assignFromBeginning(consumer, topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            int seen = 0;
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    seen++;
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                }
            }
            if (found.size() < count) {
                throw new AssertionError("expected " + count + " matching records on " + topic + " within " + timeout
                        + ", found " + found.size() + " among " + seen + " read");
            }
        }
        return found;
    }

    /** Every record now on the topic (up to its current end) that satisfies {@code wanted}. */
    public static List<ConsumerRecord<String, byte[]>> readToEnd(
            String bootstrapServers, String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = committedReader(bootstrapServers)) {
            TopicReplay.fromBeginning(consumer, topic, Duration.ofSeconds(30), record -> {
                if (wanted.test(record)) {
                    found.add(record);
                }
            });
        }
        return found;
    }

    private static KafkaConsumer<String, byte[]> committedReader(String bootstrapServers) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }
}
