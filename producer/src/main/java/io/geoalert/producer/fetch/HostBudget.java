package io.geoalert.producer.fetch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A per-host request budget: requests to one host are spaced at least {@code spacing} apart,
 * however many feeds it serves, so geoalert never hammers a publisher.
 */
public final class HostBudget {

    /** Waits; a seam so tests need not sleep. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The budget every HTTP feed shares unless given another. */
    public static final HostBudget SHARED =
            new HostBudget(Duration.ofSeconds(1), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));

    private final Duration spacing;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Map<String, Instant> nextAllowed = new HashMap<>();

    /** A budget of its own, spacing requests to one host {@code spacing} apart. */
    public HostBudget(Duration spacing) {
        this(spacing, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    HostBudget(Duration spacing, Clock clock, Sleeper sleeper) {
        this.spacing = spacing;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Blocks until a request to {@code host} is within budget, and books it. */
    public void acquire(String host) throws InterruptedException {
        Duration wait;
        synchronized (this) {
            Instant now = clock.instant();
            Instant slot = nextAllowed.getOrDefault(host, now);
            if (slot.isBefore(now)) {
                slot = now;
            }
            nextAllowed.put(host, slot.plus(spacing));
            wait = Duration.between(now, slot);
        }
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }
}
