package io.geoalert.model;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads "since" values: an ISO-8601 instant, or a span back from now such as 30m, 12h, 7d. */
public final class TimeSpans {

    private TimeSpans() {}

    /** A span written as 30s, 5m, 2h or 7d. */
    public static Duration duration(String text) {
        try {
            long amount = Long.parseLong(text.substring(0, text.length() - 1).trim());
            Duration span = switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new NumberFormatException();
            };
            if (span.isNegative()) {
                throw new NumberFormatException();
            }
            return span;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected a span like 30s, 5m, 2h or 7d; was '" + text + "'");
        }
    }

    /**
     * The instant a "since" value names: an ISO-8601 instant as it is, or a span back from {@code now}.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    public static Instant since(String text, Instant now) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.minus(duration(text));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "'since' must be an ISO-8601 instant or a span like 30m, 2h, 7d; was '" + text + "'");
            }
        }
    }
}
