package io.geoalert.streams.topology;

import io.geoalert.model.NewsPartitions;
import io.geoalert.streams.story.StoryCandidate;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The partitioner of the stories-by-url topic, partitioning by key as Kafka's default partitioner
 * does, and the one that tells whether a candidate would land there on the partition number it is
 * already on. It learns the topic's partition count from its first record sent there; until then
 * every candidate takes the topic. Streams keeps the count equal to {@code news.raw}'s: the two
 * topics are co-partitioned sources of one sub-topology.
 */
final class PagePartitions implements StreamPartitioner<String, StoryCandidate> {

    private final AtomicInteger partitions = new AtomicInteger();

    @Override
    public Optional<Set<Integer>> partitions(
            String topic, String key, StoryCandidate value, Headers headers, int numPartitions) {
        partitions.set(numPartitions);
        return Optional.of(Set.of(NewsPartitions.partitionOfKey(key, numPartitions)));
    }

    @Override
    @SuppressWarnings("removal") // abstract until Kafka drops it; Streams calls the variant with headers
    public Optional<Set<Integer>> partitions(String topic, String key, StoryCandidate value, int numPartitions) {
        return partitions(topic, key, value, null, numPartitions);
    }

    /** True when a record keyed so would go to partition {@code partition} of the topic; false while unsure. */
    boolean isOn(String key, int partition) {
        int count = partitions.get();
        return count > 0 && NewsPartitions.partitionOfKey(key, count) == partition;
    }
}
