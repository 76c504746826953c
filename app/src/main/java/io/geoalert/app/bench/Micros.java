package io.geoalert.app.bench;

import java.time.Instant;

/** Wall-clock time in microseconds: what an item's {@code fetchedAt} and an alert's arrival are compared in. */
final class Micros {

    private Micros() {}

    static long now() {
        return of(Instant.now());
    }

    static long of(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
    }
}
