package io.geoalert.consumer.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops sending to a destination that keeps failing: open after {@code threshold} failures in a
 * row, nothing is tried for {@code coolDown}, then one probe (half-open) decides: success closes it,
 * failure opens it again. Only transient failures count; a destination that answers, even with a
 * refusal, is up. Read from other threads (health, gauges); changed by the dispatcher's.
 */
final class CircuitBreaker {

    /** Where the breaker stands. */
    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int threshold;
    private final Duration coolDown;
    private final Clock clock;
    private volatile State state = State.CLOSED;
    private volatile int failures;
    private volatile Instant openedAt;

    CircuitBreaker(int threshold, Duration coolDown, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("circuit breaker threshold must be at least 1, was " + threshold);
        }
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** Whether a send may be tried now; after the cool-down the first call lets one probe through. */
    synchronized boolean allows() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(coolDown))) {
            state = State.HALF_OPEN;
        }
        return state != State.OPEN;
    }

    /** When a send may next be tried: now when closed or half-open. */
    Instant openUntil() {
        Instant opened = openedAt;
        return state == State.OPEN && opened != null ? opened.plus(coolDown) : clock.instant();
    }

    synchronized void success() {
        state = State.CLOSED;
        failures = 0;
        openedAt = null;
    }

    /** Counts a transient failure; true when this one opened the circuit. */
    synchronized boolean failure() {
        failures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
            state = State.OPEN;
            openedAt = clock.instant();
            return true;
        }
        return false;
    }

    State state() {
        return state;
    }

    /** Failures in a row. */
    int failures() {
        return failures;
    }

    Instant openedAt() {
        return openedAt;
    }
}
