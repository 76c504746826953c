package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.subscription.QuietHours;
import io.geoalert.consumer.subscription.RateLimit;
import io.geoalert.consumer.subscription.Schedule;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * When a subscription's alerts go out, as pure logic over a {@link Clock}. Instant: each alert on
 * its own, at most {@code rateLimit.messages} per {@code rateLimit.per}; past the limit, alerts are
 * folded into one digest sent as soon as the window has room again. Digest: one message every
 * {@code schedule.every} listing the alerts received before, on multiples of {@code every} since
 * 1970-01-01 00:00 on the wall clock of the quiet hours' zone when there are quiet hours (a daily
 * digest goes at the subscriber's midnight), else in UTC. Quiet hours hold alerts below
 * {@code quietHours.except}: an instant subscription gets them when the quiet hours end (on their
 * own, or as one digest when there are more than a few), a digest subscription in its first digest
 * after they end, or when they end if that digest would fall in quiet hours again (a daily digest at
 * midnight with quiet nights). Nothing is ever dropped. Not thread-safe.
 */
final class DeliveryPolicy {

    /** Held quiet-hours alerts beyond this many go out as one digest when the quiet hours end. */
    static final int FOLD_QUIET_ABOVE = 3;

    /** Why an alert just added waits, if it does. */
    enum Hold {
        /** Goes out with the next {@link #due()}, as the rate limit allows. */
        NONE,
        /** Held until the quiet hours end. */
        QUIET,
        /** Waits for the next digest. */
        DIGEST
    }

    /** One message to send: a single alert, or several as a digest. */
    record Batch(List<PendingAlert> alerts, boolean digest) {
        Batch {
            alerts = List.copyOf(alerts);
        }
    }

    /** What is due now, and how many alerts were newly held back by the rate limit. */
    record Due(List<Batch> batches, int rateHeld) {
        static final Due NOTHING = new Due(List.of(), 0);
    }

    private static final class Held {
        final PendingAlert alert;
        /** Arrived during quiet hours and held for them. */
        final boolean quiet;
        /** Over the rate limit: goes out in a digest. */
        boolean folded;

        Held(PendingAlert alert, boolean quiet) {
            this.alert = alert;
            this.quiet = quiet;
        }
    }

    private final Schedule schedule;
    private final QuietHours quietHours;
    private final RateWindow window;
    private final int foldQuietAbove;
    private final Clock clock;
    private final List<Held> held = new ArrayList<>();
    private Instant nextDigestAt;

    DeliveryPolicy(Subscription subscription, Clock clock) {
        this(subscription.schedule(), subscription.quietHours(), subscription.rateLimit(), FOLD_QUIET_ABOVE, clock);
    }

    DeliveryPolicy(Schedule schedule, QuietHours quietHours, RateLimit rateLimit, int foldQuietAbove, Clock clock) {
        this.schedule = schedule == null ? Schedule.INSTANT : schedule;
        this.quietHours = quietHours;
        this.window = new RateWindow(rateLimit);
        this.foldQuietAbove = foldQuietAbove;
        this.clock = clock;
    }

    boolean digest() {
        return schedule.mode() == Schedule.Mode.DIGEST;
    }

    /** Takes an alert the subscription's filter accepted; {@link #due()} says when it goes. */
    Hold add(PendingAlert alert) {
        Instant now = clock.instant();
        boolean quiet = quietHours != null && quietHours.covers(now) && !excepted(alert);
        held.add(new Held(alert, quiet));
        if (digest()) {
            Instant received = alert.receivedAt().isAfter(now) ? now : alert.receivedAt();
            Instant boundary = boundaryAfter(received);
            if (nextDigestAt == null || boundary.isBefore(nextDigestAt)) {
                nextDigestAt = boundary;
            }
            return quiet ? Hold.QUIET : Hold.DIGEST;
        }
        return quiet ? Hold.QUIET : Hold.NONE;
    }

    /** The messages due now; their alerts are no longer held here. */
    Due due() {
        Instant now = clock.instant();
        return digest() ? dueDigest(now) : dueInstant(now);
    }

    private Due dueDigest(Instant now) {
        if (nextDigestAt == null || now.isBefore(nextDigestAt)) {
            return Due.NOTHING;
        }
        List<PendingAlert> sendable = takeEligible(now);
        // only quiet hours hold anything back here: it goes in the first digest after they end
        nextDigestAt = held.isEmpty() ? null : firstDigestAfterQuiet(now);
        return sendable.isEmpty() ? Due.NOTHING : new Due(List.of(new Batch(sendable, true)), 0);
    }

    private Due dueInstant(Instant now) {
        boolean quietNow = quietHours != null && quietHours.covers(now);
        List<Held> eligible =
                held.stream().filter(h -> !quietNow || excepted(h.alert)).toList();
        if (eligible.isEmpty()) {
            return Due.NOTHING;
        }
        long releasedFromQuiet = eligible.stream().filter(h -> h.quiet).count();
        if (releasedFromQuiet > foldQuietAbove) {
            eligible.forEach(h -> h.folded = true); // a night's worth of alerts is one message, not a flood
        }
        if (eligible.stream().anyMatch(h -> h.folded)) {
            // once over the limit, everything eligible goes together in the digest the window next allows
            if (!window.tryAcquire(now)) {
                int newlyHeld = 0;
                for (Held h : eligible) {
                    if (!h.folded) {
                        h.folded = true;
                        newlyHeld++;
                    }
                }
                return new Due(List.of(), newlyHeld);
            }
            held.removeAll(eligible);
            List<PendingAlert> alerts = eligible.stream().map(h -> h.alert).toList();
            return new Due(List.of(new Batch(alerts, alerts.size() > 1)), 0);
        }
        List<Batch> batches = new ArrayList<>();
        int rateHeld = 0;
        for (Held h : eligible) {
            if (window.tryAcquire(now)) {
                batches.add(new Batch(List.of(h.alert), false));
                held.remove(h);
            } else {
                h.folded = true;
                rateHeld++;
            }
        }
        return new Due(batches, rateHeld);
    }

    private List<PendingAlert> takeEligible(Instant now) {
        boolean quietNow = quietHours != null && quietHours.covers(now);
        List<PendingAlert> out = new ArrayList<>();
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (!quietNow || excepted(h.alert)) {
                out.add(h.alert);
                it.remove();
            }
        }
        return out;
    }

    /** When {@link #due()} may next have something, or {@code null} when nothing is held. */
    Instant nextWake() {
        if (held.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        if (digest()) {
            return nextDigestAt;
        }
        boolean quietNow = quietHours != null && quietHours.covers(now);
        Instant wake = null;
        if (quietNow && held.stream().anyMatch(h -> !excepted(h.alert))) {
            wake = quietHours.endsAfter(now);
        }
        if (!quietNow || held.stream().anyMatch(h -> excepted(h.alert))) {
            Instant slot = window.nextSlot(now);
            wake = wake == null || slot.isBefore(wake) ? slot : wake;
        }
        return wake;
    }

    /** How many alerts wait here. */
    int size() {
        return held.size();
    }

    /** Drops the alerts that match, e.g. those of partitions handed to another consumer. */
    void removeIf(Predicate<PendingAlert> which) {
        held.removeIf(h -> which.test(h.alert));
        if (held.isEmpty()) {
            nextDigestAt = null;
        }
    }

    private boolean excepted(PendingAlert alert) {
        if (quietHours == null || quietHours.except() == null) {
            return false;
        }
        Severity severity = alert.alert().severity();
        return severity != null && severity.compareTo(quietHours.except()) >= 0;
    }

    /**
     * The first digest boundary at or after the quiet hours that cover {@code now} end; their end
     * itself when that boundary falls in quiet hours again, so that a digest whose every boundary is
     * quiet (daily at midnight, with quiet nights) still goes out.
     */
    private Instant firstDigestAfterQuiet(Instant now) {
        Instant end = quietHours.endsAfter(now);
        Instant boundary = boundaryAfter(end.minusMillis(1));
        return quietHours.covers(boundary) ? end : boundary;
    }

    /**
     * The first digest boundary strictly after {@code t}: a multiple of {@code schedule.every} since
     * the epoch, counted on the wall clock of the quiet hours' zone when there are quiet hours, else
     * in UTC. Where the zone's clocks change, the wall clock is followed across the change: a boundary
     * skipped when they go forward falls at the change, one repeated when they go back comes again.
     */
    private Instant boundaryAfter(Instant t) {
        long every = schedule.every().toMillis();
        if (quietHours == null) {
            return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), every) * every + every);
        }
        ZoneRules rules = quietHours.zone().getRules();
        Instant from = t;
        boolean strictlyAfter = true;
        while (true) {
            long offset = rules.getOffset(from).getTotalSeconds() * 1000L;
            long wallClock = from.toEpochMilli() + offset;
            long next = Math.floorDiv(wallClock, every) * every;
            if (strictlyAfter || next < wallClock) {
                next += every;
            }
            Instant candidate = Instant.ofEpochMilli(next - offset);
            ZoneOffsetTransition change = rules.nextTransition(from);
            if (change == null || candidate.isBefore(change.getInstant())) {
                return candidate;
            }
            // the clocks change first: count on from the wall clock they show then
            from = change.getInstant();
            strictlyAfter = false;
        }
    }
}
