package io.geoalert.ops;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with ±20% jitter: {@code initial × 2^(attempt-1)}, capped at {@code max}.
 * The one retry policy of the project, for loops that restart, deliveries that retry and feeds that fail.
 */
public record Backoff(Duration initial, Duration max) {

    /** Restarting a background loop: 1 s, 2 s, 4 s … up to 1 min. */
    public static final Backoff LOOP_RESTART = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below the initial " + initial);
        }
    }

    /** The delay before retry number {@code attempt} (1 for the first retry), without jitter. */
    public Duration nominal(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long millis = initial.toMillis();
        for (int i = 0; i < doublings && millis < max.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** The delay before retry number {@code attempt}, with jitter so that many clients do not retry in step. */
    public Duration delay(int attempt) {
        long nominal = nominal(attempt).toMillis();
        double factor = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.min(max.toMillis(), Math.max(1, Math.round(nominal * factor))));
    }
}
