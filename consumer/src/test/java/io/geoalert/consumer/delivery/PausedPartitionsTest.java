package io.geoalert.consumer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PausedPartitionsTest {

    private static final TopicPartition A = new TopicPartition("alerts", 0);
    private static final TopicPartition B = new TopicPartition("alerts", 1);

    @Test
    void releasesEachPartitionWhenItsOwnBackoffIsOver() {
        PausedPartitions paused = new PausedPartitions();
        paused.pause(A, 1_000);
        paused.pause(B, 3_000);

        assertEquals(Set.of(), paused.due(999));
        assertEquals(1, paused.millisUntilNext(999));
        assertEquals(Set.of(A), paused.due(1_000));
        assertFalse(paused.isPaused(A));
        assertTrue(paused.isPaused(B));
        assertEquals(2_000, paused.millisUntilNext(1_000));
        assertEquals(Set.of(B), paused.due(5_000));
        assertEquals(Long.MAX_VALUE, paused.millisUntilNext(5_000));
    }

    @Test
    void aLaterPauseReplacesTheTimeAndARevokedPartitionIsForgotten() {
        PausedPartitions paused = new PausedPartitions();
        paused.pause(A, 1_000);
        paused.pause(A, 4_000);
        paused.pause(B, 1_000);
        assertEquals(Set.of(B), paused.due(2_000));

        paused.forget(List.of(A));
        assertEquals(0, paused.size());
        assertEquals(Set.of(), paused.due(10_000));
    }
}
