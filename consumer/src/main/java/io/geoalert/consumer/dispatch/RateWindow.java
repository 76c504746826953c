package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.subscription.RateLimit;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** A sliding window of the messages sent: at most {@code messages} in any {@code per}. No limit when null. */
final class RateWindow {

    private final RateLimit limit;
    private final Deque<Instant> sent = new ArrayDeque<>();

    RateWindow(RateLimit limit) {
        this.limit = limit;
    }

    /** Takes a place in the window for a message sent at {@code now}; false when the window is full. */
    boolean tryAcquire(Instant now) {
        if (limit == null) {
            return true;
        }
        prune(now);
        if (sent.size() >= limit.messages()) {
            return false;
        }
        sent.addLast(now);
        return true;
    }

    /** When the next message may go: {@code now} when the window has room. */
    Instant nextSlot(Instant now) {
        if (limit == null) {
            return now;
        }
        prune(now);
        return sent.size() < limit.messages() ? now : sent.peekFirst().plus(limit.per());
    }

    private void prune(Instant now) {
        Instant start = now.minus(limit.per());
        while (!sent.isEmpty() && !sent.peekFirst().isAfter(start)) {
            sent.removeFirst();
        }
    }
}
