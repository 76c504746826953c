package io.geoalert.consumer.subscription;

import io.geoalert.model.TimeSpans;
import java.time.Duration;

/** Durations as subscriptions write them ({@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}), both ways. */
final class Spans {

    private Spans() {}

    /** A span such as {@code 15m}; see {@link TimeSpans#duration}. */
    static Duration parse(String text) {
        return TimeSpans.duration(text.strip());
    }

    /** The shortest way to write {@code span} in whole days, hours, minutes or seconds. */
    static String format(Duration span) {
        long seconds = span.toSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
