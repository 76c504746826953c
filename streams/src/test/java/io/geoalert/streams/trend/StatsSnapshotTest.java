package io.geoalert.streams.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.geoalert.model.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsSnapshotTest {

    private static final Instant TO = Instant.parse("2026-11-20T12:00:00Z");

    private static StatsSnapshot snapshot(Instant to, Map<String, Long> categories, long entityCount) {
        return new StatsSnapshot(
                to.minusSeconds(60), span(to, 24, categories, entityCount), span(to, 7 * 24, categories, entityCount));
    }

    /** Each category's count in the last hour, the entity Iran's in the first. */
    private static StatsSnapshot.Span span(Instant to, int hours, Map<String, Long> categories, long entityCount) {
        Map<String, StatsSnapshot.Counts> byCategory = new java.util.HashMap<>();
        categories.forEach((name, count) -> {
            long[] hourly = new long[hours];
            hourly[hours - 1] = count;
            byCategory.put(name, StatsSnapshot.Counts.of(hourly));
        });
        long[] iran = new long[hours];
        iran[0] = entityCount;
        return new StatsSnapshot.Span(
                to.minus(Duration.ofHours(hours)),
                to,
                byCategory,
                entityCount == 0 ? Map.of() : Map.of("Iran", StatsSnapshot.Counts.of(iran)));
    }

    @Test
    void snapshotsOfSeveralInstancesSumKeyByKeyAndHourByHour() {
        StatsSnapshot merged = StatsSnapshot.merge(List.of(
                snapshot(TO, Map.of("sanctions", 3L), 2), snapshot(TO, Map.of("sanctions", 4L, "treaty", 1L), 0)));
        assertEquals(7, merged.last24Hours().categories().get("sanctions").total());
        assertEquals(
                7L, merged.last24Hours().categories().get("sanctions").hourly().get(23));
        assertEquals(1, merged.last7Days().categories().get("treaty").total());
        assertEquals(2L, merged.last7Days().entities().get("Iran").hourly().get(0));
        assertEquals(
                24, merged.last24Hours().categories().get("treaty").hourly().size());
    }

    @Test
    void snapshotsTakenEitherSideOfAnHourAreSummedOverTheLatestHours() {
        StatsSnapshot older = snapshot(TO, Map.of("sanctions", 3L), 0);
        StatsSnapshot newer = snapshot(TO.plus(Duration.ofHours(1)), Map.of("sanctions", 4L), 0);
        StatsSnapshot merged = StatsSnapshot.merge(List.of(older, newer));
        assertEquals(newer.last24Hours().to(), merged.last24Hours().to());
        List<Long> hourly = merged.last24Hours().categories().get("sanctions").hourly();
        assertEquals(3L, hourly.get(22), "the older instance's last hour is the newer's last but one");
        assertEquals(4L, hourly.get(23));
        assertEquals(7, LongStream.range(0, 24).map(h -> hourly.get((int) h)).sum());
    }

    @Test
    void aSnapshotIsJsonReady() {
        StatsSnapshot snapshot = snapshot(TO, Map.of("sanctions", 3L), 1);
        assertEquals(snapshot, Json.read(Json.toBytes(snapshot), StatsSnapshot.class));
        assertEquals(
                "2026-11-19T12:00:00Z",
                Json.MAPPER
                        .valueToTree(snapshot)
                        .path("last24Hours")
                        .path("from")
                        .asText());
    }
}
