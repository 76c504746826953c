package io.geoalert.consumer.subscription;

import java.time.Duration;

/**
 * When alerts go out: {@code instant} (each alert on its own, as soon as it arrives) or
 * {@code digest} (one message listing the alerts of each {@code every} period).
 */
public record Schedule(Mode mode, Duration every) {

    public enum Mode {
        INSTANT,
        DIGEST
    }

    public static final Schedule INSTANT = new Schedule(Mode.INSTANT, null);

    public Schedule {
        if (mode == Mode.DIGEST && (every == null || every.isNegative() || every.isZero())) {
            throw new IllegalArgumentException("schedule.every must be a positive duration for a digest");
        }
        every = mode == Mode.INSTANT ? null : every;
    }
}
