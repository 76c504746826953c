package io.geoalert.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic up to the end it has when the replay starts: the whole of it, which is how the
 * services rebuild state kept on compacted topics (rules, seen feed items), or what was written
 * since a point in time (backtests).
 */
public final class TopicReplay {

    private TopicReplay() {}

    /** Every partition of the topic; fails clearly when the topic does not exist. */
    public static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    /** Assigns every partition of the topic to the consumer, at the beginning of each; returns the partitions. */
    public static List<TopicPartition> assignFromBeginning(Consumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /**
     * Assigns every partition of the topic to the consumer, reads from the beginning to the
     * current end, and leaves the consumer there (to follow the topic if the caller wishes).
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public static <K, V> void fromBeginning(
            Consumer<K, V> consumer,
            String topic,
            Duration timeout,
            java.util.function.Consumer<ConsumerRecord<K, V>> onRecord) {
        List<TopicPartition> partitions = assignFromBeginning(consumer, topic);
        if (!toEnd(consumer, partitions, consumer.endOffsets(partitions), timeout, onRecord)) {
            throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
        }
    }

    /**
     * Reads what was written to the topic from {@code since} to its current end; records that
     * arrive meanwhile are left out. Returns false when the end was not reached within
     * {@code timeout}, having handed on what it read until then.
     */
    public static <K, V> boolean since(
            Consumer<K, V> consumer,
            String topic,
            Instant since,
            Duration timeout,
            java.util.function.Consumer<ConsumerRecord<K, V>> onRecord) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = from.get(tp);
            consumer.seek(tp, at == null ? end.get(tp) : at.offset());
        }
        return toEnd(consumer, partitions, end, timeout, record -> {
            if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                onRecord.accept(record);
            }
        });
    }

    private static <K, V> boolean toEnd(
            Consumer<K, V> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> end,
            Duration timeout,
            java.util.function.Consumer<ConsumerRecord<K, V>> onRecord) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            consumer.poll(Duration.ofMillis(200)).forEach(onRecord);
        }
        return true;
    }
}
