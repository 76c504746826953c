package io.geoalert.consumer.dispatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Per partition, the offsets read and not yet done (held, queued, being retried, awaiting the
 * durable delivery record). What may be committed is the lowest offset not yet done, or the offset
 * after the last one read when all are done: a restart reads again from there, so nothing held is
 * lost. Not thread-safe.
 */
final class PartitionProgress {

    private static final class Partition {
        final TreeSet<Long> open = new TreeSet<>();
        long next = -1;
        long committed = -1;
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    /** An offset just read: open until {@link #done}. */
    void read(TopicPartition partition, long offset) {
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        p.open.add(offset);
        p.next = Math.max(p.next, offset + 1);
    }

    /** An offset delivered, set aside or passed over. */
    void done(TopicPartition partition, long offset) {
        Partition p = partitions.get(partition);
        if (p != null) {
            p.open.remove(offset);
        }
    }

    /** Offsets to commit: per partition whose committable offset moved since the last {@link #committed}. */
    Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        partitions.forEach((partition, p) -> {
            long offset = committable(p);
            if (offset >= 0 && offset != p.committed) {
                out.put(partition, new OffsetAndMetadata(offset));
            }
        });
        return out;
    }

    /** Records that these offsets are committed. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            Partition p = partitions.get(partition);
            if (p != null) {
                p.committed = offset.offset();
            }
        });
    }

    /** Offsets read and not yet done, over every partition. */
    int open() {
        return partitions.values().stream().mapToInt(p -> p.open.size()).sum();
    }

    /** Forgets partitions no longer owned. */
    void forget(Collection<TopicPartition> gone) {
        gone.forEach(partitions::remove);
    }

    private static long committable(Partition p) {
        return p.open.isEmpty() ? p.next : p.open.first();
    }
}
