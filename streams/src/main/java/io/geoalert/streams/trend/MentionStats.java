package io.geoalert.streams.trend;

import io.geoalert.model.TrendAlert;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads the stats of {@code GET /v1/stats} from this instance's mention counts. Each key is counted
 * on one partition (mentions are repartitioned by key), so the instances' snapshots hold disjoint keys
 * and {@link StatsSnapshot#merge} sums them into the whole.
 */
public final class MentionStats {

    /**
     * The window store of mention counts, for interactive queries: key {@link MentionKey}, value the
     * stories in the 5-minute bucket starting at the window start; {@code Long} values, String keys.
     */
    public static final String STORE = "mention-counts";

    static final int DAY_HOURS = 24;
    static final int WEEK_HOURS = 7 * 24;

    private MentionStats() {}

    /**
     * The last 24 hours and 7 days up to the end of the hour holding {@code now}: the current hour is
     * the last, counted so far.
     */
    public static StatsSnapshot read(ReadOnlyWindowStore<String, Long> store, Instant now) {
        Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant from = to.minus(Duration.ofHours(WEEK_HOURS));
        Map<String, long[]> hourly = new HashMap<>();
        try (KeyValueIterator<Windowed<String>, Long> buckets = store.fetchAll(from, to.minusMillis(1))) {
            while (buckets.hasNext()) {
                KeyValue<Windowed<String>, Long> bucket = buckets.next();
                int hour = (int)
                        Duration.between(from, bucket.key.window().startTime()).toHours();
                if (hour >= 0 && hour < WEEK_HOURS) {
                    hourly.computeIfAbsent(bucket.key.key(), k -> new long[WEEK_HOURS])[hour] += bucket.value;
                }
            }
        }
        return snapshot(hourly, now);
    }

    /** No story counted: what an instance holding no partition of the counts answers. */
    public static StatsSnapshot empty(Instant now) {
        return snapshot(Map.of(), now);
    }

    private static StatsSnapshot snapshot(Map<String, long[]> hourly, Instant now) {
        Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant from = to.minus(Duration.ofHours(WEEK_HOURS));
        return new StatsSnapshot(now, span(hourly, to.minus(Duration.ofHours(DAY_HOURS)), to), span(hourly, from, to));
    }

    private static StatsSnapshot.Span span(Map<String, long[]> week, Instant from, Instant to) {
        int first = WEEK_HOURS - (int) Duration.between(from, to).toHours();
        Map<String, StatsSnapshot.Counts> categories = new HashMap<>();
        Map<String, StatsSnapshot.Counts> entities = new HashMap<>();
        week.forEach((key, hours) -> {
            StatsSnapshot.Counts counts = StatsSnapshot.Counts.of(Arrays.copyOfRange(hours, first, WEEK_HOURS));
            if (counts.total() > 0) {
                (MentionKey.kind(key).equals(TrendAlert.CATEGORY) ? categories : entities)
                        .put(MentionKey.name(key), counts);
            }
        });
        return new StatsSnapshot.Span(from, to, categories, entities);
    }
}
