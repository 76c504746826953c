package io.geoalert.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole topic, from the beginning to the end it has when the replay starts: how the
 * services rebuild state kept on compacted topics (rules, seen feed items).
 */
public final class TopicReplay {

    private TopicReplay() {
    }

    /** Every partition of the topic; fails clearly when the topic does not exist. */
    public static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic) {
        var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /**
     * Assigns every partition of the topic to the consumer, reads from the beginning to the
     * current end, and leaves the consumer there (to follow the topic if the caller wishes).
     *
     * @throws IllegalStateException when the end is not reached within {@code timeout}
     */
    public static <K, V> void fromBeginning(Consumer<K, V> consumer, String topic, Duration timeout,
                                            java.util.function.Consumer<ConsumerRecord<K, V>> onRecord) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + timeout);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(onRecord);
        }
    }
}
