package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {

    private static final TopicPartition P0 = new TopicPartition("alerts", 0);
    private static final TopicPartition P1 = new TopicPartition("alerts", 1);

    @Test
    void commitsTheLowestOffsetNotYetDonePerPartition() {
        PartitionProgress progress = new PartitionProgress();
        for (long offset = 10; offset < 15; offset++) {
            progress.read(P0, offset);
        }
        progress.read(P1, 3);
        progress.done(P0, 10);
        progress.done(P0, 11);
        progress.done(P0, 13);
        progress.done(P1, 3);

        assertEquals(Map.of(P0, new OffsetAndMetadata(12), P1, new OffsetAndMetadata(4)), progress.toCommit());
        assertEquals(2, progress.open());

        progress.done(P0, 12);
        assertEquals(new OffsetAndMetadata(14), progress.toCommit().get(P0), "13 is done, 14 is held");
        progress.done(P0, 14);
        assertEquals(new OffsetAndMetadata(15), progress.toCommit().get(P0), "all done: after the last read");
    }

    @Test
    void aHeldAlertKeepsItsPartitionsCommitBehindItWhateverFollows() {
        PartitionProgress progress = new PartitionProgress();
        progress.read(P0, 0);
        for (long offset = 1; offset < 100; offset++) {
            progress.read(P0, offset);
            progress.done(P0, offset);
        }

        assertEquals(new OffsetAndMetadata(0), progress.toCommit().get(P0));
    }

    @Test
    void offersACommitOnlyWhenTheOffsetMoved() {
        PartitionProgress progress = new PartitionProgress();
        progress.read(P0, 0);
        progress.done(P0, 0);
        Map<TopicPartition, OffsetAndMetadata> first = progress.toCommit();
        progress.committed(first);

        assertTrue(progress.toCommit().isEmpty());
        progress.read(P0, 1);
        assertTrue(progress.toCommit().isEmpty(), "1 is open: the committable offset is still 1");
        progress.done(P0, 1);
        assertEquals(Map.of(P0, new OffsetAndMetadata(2)), progress.toCommit());
    }

    @Test
    void forgetsPartitionsHandedOver() {
        PartitionProgress progress = new PartitionProgress();
        progress.read(P0, 5);
        progress.read(P1, 5);
        progress.forget(List.of(P1));

        assertEquals(Map.of(P0, new OffsetAndMetadata(5)), progress.toCommit());
        assertEquals(1, progress.open());
    }
}
