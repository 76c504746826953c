package io.geoalert.streams.trend;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stories per category and per entity, hour by hour, over the last 24 hours and the last 7 days as one
 * instance (or, merged, every instance) counted them: what {@code GET /v1/stats} answers. Counts are
 * of stories, by the record time of the item that raised each story's first alert.
 */
public record StatsSnapshot(Instant at, Span last24Hours, Span last7Days) {

    /**
     * The hours {@code [from, to)}: for each key counted in them, its total and its counts hour by hour,
     * oldest first ({@code hourly.get(0)} is the hour from {@code from}). Keys with no story are left
     * out.
     */
    public record Span(Instant from, Instant to, Map<String, Counts> categories, Map<String, Counts> entities) {

        public Span {
            categories = categories == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(categories));
            entities = entities == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(entities));
        }

        int hours() {
            return (int) Duration.between(from, to).toHours();
        }

        /** This span and another summed hour by hour, over this span's hours. */
        Span plus(Span other) {
            return new Span(
                    from, to, sum(categories, other.categories, other.from), sum(entities, other.entities, other.from));
        }

        private Map<String, Counts> sum(Map<String, Counts> mine, Map<String, Counts> theirs, Instant theirFrom) {
            Map<String, Counts> out = new TreeMap<>(mine);
            long shift = Duration.between(theirFrom, from).toHours(); // their index of my first hour
            theirs.forEach((key, counts) -> {
                long[] hourly = new long[hours()];
                Counts own = out.get(key);
                for (int h = 0; h < hourly.length; h++) {
                    long index = h + shift;
                    hourly[h] = (own == null ? 0 : own.hourly().get(h))
                            + (index >= 0 && index < counts.hourly().size()
                                    ? counts.hourly().get((int) index)
                                    : 0);
                }
                Counts summed = Counts.of(hourly);
                if (summed.total() > 0) {
                    out.put(key, summed);
                }
            });
            return out;
        }
    }

    /** A key's stories in a span: the total, and hour by hour. */
    public record Counts(long total, List<Long> hourly) {

        public Counts {
            hourly = hourly == null ? List.of() : List.copyOf(hourly);
        }

        static Counts of(long[] hourly) {
            List<Long> list = new ArrayList<>(hourly.length);
            long total = 0;
            for (long count : hourly) {
                list.add(count);
                total += count;
            }
            return new Counts(total, list);
        }
    }

    /**
     * The snapshots of several instances as one: the counts summed hour by hour over the hours of the
     * latest snapshot (instances asked a moment apart may straddle an hour; the older hour drops out).
     */
    public static StatsSnapshot merge(List<StatsSnapshot> snapshots) {
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("no snapshot to merge");
        }
        StatsSnapshot latest = snapshots.get(0);
        for (StatsSnapshot snapshot : snapshots) {
            if (snapshot.at.isAfter(latest.at)) {
                latest = snapshot;
            }
        }
        Span day = new Span(latest.last24Hours.from, latest.last24Hours.to, Map.of(), Map.of());
        Span week = new Span(latest.last7Days.from, latest.last7Days.to, Map.of(), Map.of());
        for (StatsSnapshot snapshot : snapshots) {
            day = day.plus(snapshot.last24Hours);
            week = week.plus(snapshot.last7Days);
        }
        return new StatsSnapshot(latest.at, day, week);
    }
}
