package io.geoalert.consumer.delivery;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions held back while their delivery backs off, each until its own time. The consumer keeps
 * polling meanwhile, so it stays in its group however long the backoff lasts.
 */
final class PausedPartitions {

    private final Map<TopicPartition, Long> until = new HashMap<>();

    /** Holds {@code partition} back until {@code resumeAtMillis}; a later call replaces the time. */
    void pause(TopicPartition partition, long resumeAtMillis) {
        until.put(partition, resumeAtMillis);
    }

    boolean isPaused(TopicPartition partition) {
        return until.containsKey(partition);
    }

    /** The partitions whose backoff is over at {@code nowMillis}; they are no longer held. */
    Set<TopicPartition> due(long nowMillis) {
        Set<TopicPartition> due = new HashSet<>();
        for (Iterator<Map.Entry<TopicPartition, Long>> it = until.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, Long> entry = it.next();
            if (entry.getValue() <= nowMillis) {
                due.add(entry.getKey());
                it.remove();
            }
        }
        return due;
    }

    /** Milliseconds until the next partition is due, {@code Long.MAX_VALUE} when none is held. */
    long millisUntilNext(long nowMillis) {
        return until.values().stream()
                .mapToLong(t -> Math.max(0, t - nowMillis))
                .min()
                .orElse(Long.MAX_VALUE);
    }

    /** Forgets partitions this consumer no longer owns. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(until::remove);
    }

    Set<TopicPartition> all() {
        return Set.copyOf(until.keySet());
    }

    int size() {
        return until.size();
    }
}
