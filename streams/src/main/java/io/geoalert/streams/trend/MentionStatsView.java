package io.geoalert.streams.trend;

import io.geoalert.streams.query.QueryableStreams;
import io.geoalert.streams.query.StatsView;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * {@code GET /v1/stats} over the mention counts: each of this instance's partitions read with {@link
 * MentionStats#read}, and the partitions' and instances' snapshots summed with {@link
 * StatsSnapshot#merge} (every key is counted on one partition, so the parts never overlap).
 */
public final class MentionStatsView implements StatsView<StatsSnapshot> {

    @Override
    public String store() {
        return MentionStats.STORE;
    }

    @Override
    public Class<StatsSnapshot> type() {
        return StatsSnapshot.class;
    }

    @Override
    public StatsSnapshot local(QueryableStreams streams, Instant now) {
        List<ReadOnlyWindowStore<String, Long>> partitions =
                streams.localPartitions(MentionStats.STORE, QueryableStoreTypes.windowStore());
        if (partitions.isEmpty()) {
            return MentionStats.empty(now);
        }
        return StatsSnapshot.merge(partitions.stream()
                .map(partition -> MentionStats.read(partition, now))
                .toList());
    }

    @Override
    public StatsSnapshot merge(List<StatsSnapshot> parts) {
        return StatsSnapshot.merge(parts);
    }
}
