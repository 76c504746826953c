package io.geoalert.streams.topology;

import java.time.Duration;

/** The span of record time around a record that a windowed look-up covers, clamped to valid times. */
final class Windows {

    private Windows() {}

    static long from(long at, Duration window) {
        return Math.max(0, at - window.toMillis());
    }

    static long to(long at, Duration window) {
        return at > Long.MAX_VALUE - window.toMillis() ? Long.MAX_VALUE : at + window.toMillis();
    }
}
