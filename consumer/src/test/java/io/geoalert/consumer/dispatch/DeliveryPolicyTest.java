package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.consumer.subscription.QuietHours;
import io.geoalert.consumer.subscription.RateLimit;
import io.geoalert.consumer.subscription.Schedule;
import io.geoalert.model.Alert;
import io.geoalert.model.Severity;
import io.geoalert.testing.MovingClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final TopicPartition P0 = new TopicPartition("alerts", 0);
    private static final Schedule EVERY_15_MIN = new Schedule(Schedule.Mode.DIGEST, Duration.ofMinutes(15));
    private static final QuietHours NIGHTS_IN_BERLIN =
            new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), BERLIN, Severity.CRITICAL);

    private static final List<Severity> SEVERITIES = List.of(Severity.values());

    private long offset;

    private PendingAlert alert(String id, Severity severity, Instant at) {
        Alert a = TestAlerts.alert(id, "sanctions", "Sanctions " + id, at);
        Alert withSeverity = new Alert(
                a.alertId(),
                a.ruleId(),
                a.ruleVersion(),
                a.category(),
                severity,
                a.score(),
                a.scoreParts(),
                a.itemId(),
                a.title(),
                a.url(),
                a.source(),
                a.publishedAt(),
                a.detectedAt(),
                a.matches(),
                a.entities(),
                a.snippet(),
                a.corroboration(),
                a.matchCount());
        return new PendingAlert(P0, offset++, id, withSeverity, new byte[0], at);
    }

    private static Instant berlin(int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 3, day, hour, minute, 0, 0, BERLIN).toInstant();
    }

    private static List<String> ids(DeliveryPolicy.Batch batch) {
        return batch.alerts().stream().map(PendingAlert::alertId).toList();
    }

    @Test
    void instantSendsEachAlertOnItsOwnAtOnce() {
        MovingClock clock = new MovingClock(berlin(10, 12, 0));
        DeliveryPolicy policy = new DeliveryPolicy(Schedule.INSTANT, null, null, 3, clock);

        assertEquals(DeliveryPolicy.Hold.NONE, policy.add(alert("a", Severity.LOW, clock.instant())));
        assertEquals(DeliveryPolicy.Hold.NONE, policy.add(alert("b", Severity.LOW, clock.instant())));
        DeliveryPolicy.Due due = policy.due();

        assertEquals(2, due.batches().size());
        assertEquals(List.of("a"), ids(due.batches().get(0)));
        assertEquals(List.of("b"), ids(due.batches().get(1)));
        assertFalse(due.batches().get(0).digest());
        assertEquals(0, policy.size());
        assertNull(policy.nextWake());
    }

    @Test
    void quietHoursAcrossMidnightHoldAlertsUntilTheyEndInTheSubscribersZone() {
        MovingClock clock = new MovingClock(berlin(10, 23, 30));
        DeliveryPolicy policy = new DeliveryPolicy(Schedule.INSTANT, NIGHTS_IN_BERLIN, null, 3, clock);

        assertEquals(DeliveryPolicy.Hold.QUIET, policy.add(alert("late", Severity.HIGH, clock.instant())));
        clock.set(berlin(11, 2, 0));
        assertEquals(DeliveryPolicy.Hold.QUIET, policy.add(alert("night", Severity.HIGH, clock.instant())));
        assertTrue(policy.due().batches().isEmpty());
        assertEquals(berlin(11, 7, 0), policy.nextWake(), "held until 07:00 in Berlin, not in UTC");

        clock.set(berlin(11, 6, 59));
        assertTrue(policy.due().batches().isEmpty(), "still quiet at 06:59");
        clock.set(berlin(11, 7, 0));
        DeliveryPolicy.Due due = policy.due();

        assertEquals(2, due.batches().size(), "a few held alerts go out one by one");
        assertEquals(List.of("late"), ids(due.batches().get(0)));
        assertEquals(List.of("night"), ids(due.batches().get(1)));
        assertEquals(0, policy.size());
    }

    @Test
    void quietHoursWithinOneDayHoldOnlyInsideThem() {
        MovingClock clock = new MovingClock(berlin(10, 12, 30));
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0), BERLIN, null);
        DeliveryPolicy policy = new DeliveryPolicy(Schedule.INSTANT, lunch, null, 3, clock);

        assertEquals(DeliveryPolicy.Hold.QUIET, policy.add(alert("lunch", Severity.CRITICAL, clock.instant())));
        clock.set(berlin(10, 13, 0));
        assertEquals(DeliveryPolicy.Hold.NONE, policy.add(alert("after", Severity.LOW, clock.instant())));
        DeliveryPolicy.Due due = policy.due();

        assertEquals(
                List.of(List.of("lunch"), List.of("after")),
                due.batches().stream().map(DeliveryPolicyTest::ids).toList(),
                "no except severity: even a critical alert waits");
    }

    @Test
    void moreThanAFewAlertsHeldOverNightGoOutAsOneDigest() {
        MovingClock clock = new MovingClock(berlin(10, 23, 0));
        DeliveryPolicy policy = new DeliveryPolicy(Schedule.INSTANT, NIGHTS_IN_BERLIN, null, 3, clock);
        for (int i = 0; i < 5; i++) {
            policy.add(alert("n" + i, Severity.HIGH, clock.instant()));
            clock.advance(Duration.ofMinutes(30));
        }
        assertTrue(policy.due().batches().isEmpty());

        clock.set(berlin(11, 7, 0));
        DeliveryPolicy.Due due = policy.due();

        assertEquals(1, due.batches().size());
        assertTrue(due.batches().get(0).digest());
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), ids(due.batches().get(0)));
    }

    @Test
    void alertsAtTheExceptSeverityGoOutDuringQuietHours() {
        MovingClock clock = new MovingClock(berlin(10, 23, 0));
        DeliveryPolicy policy = new DeliveryPolicy(Schedule.INSTANT, NIGHTS_IN_BERLIN, null, 3, clock);

        assertEquals(DeliveryPolicy.Hold.QUIET, policy.add(alert("high", Severity.HIGH, clock.instant())));
        assertEquals(DeliveryPolicy.Hold.NONE, policy.add(alert("critical", Severity.CRITICAL, clock.instant())));
        DeliveryPolicy.Due due = policy.due();

        assertEquals(1, due.batches().size());
        assertEquals(List.of("critical"), ids(due.batches().get(0)));
        assertEquals(1, policy.size(), "the high alert still waits for the morning");
    }

    @Test
    void digestSendsOneMessageListingTheAlertsOfEachPeriod() {
        MovingClock clock = new MovingClock(Instant.parse("2026-03-10T10:02:00Z"));
        DeliveryPolicy policy = new DeliveryPolicy(EVERY_15_MIN, null, null, 3, clock);

        for (String id : List.of("a", "b", "c")) {
            assertEquals(DeliveryPolicy.Hold.DIGEST, policy.add(alert(id, Severity.LOW, clock.instant())));
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(Instant.parse("2026-03-10T10:15:00Z"), policy.nextWake());
        clock.set(Instant.parse("2026-03-10T10:14:59Z"));
        assertTrue(policy.due().batches().isEmpty());

        clock.set(Instant.parse("2026-03-10T10:15:00Z"));
        DeliveryPolicy.Due first = policy.due();
        assertEquals(1, first.batches().size());
        assertTrue(first.batches().get(0).digest());
        assertEquals(List.of("a", "b", "c"), ids(first.batches().get(0)));
        assertNull(policy.nextWake(), "nothing left to send");

        clock.set(Instant.parse("2026-03-10T10:16:00Z"));
        policy.add(alert("d", Severity.LOW, clock.instant()));
        assertEquals(Instant.parse("2026-03-10T10:30:00Z"), policy.nextWake());
        clock.set(Instant.parse("2026-03-10T10:30:00Z"));
        DeliveryPolicy.Due second = policy.due();
        assertEquals(List.of("d"), ids(second.batches().get(0)));
        assertTrue(second.batches().get(0).digest(), "a digest of one is still a digest");
    }

    @Test
    void aDigestDueForAlertsReceivedLongAgoGoesAtOnce() {
        MovingClock clock = new MovingClock(Instant.parse("2026-03-10T10:40:00Z"));
        DeliveryPolicy policy = new DeliveryPolicy(EVERY_15_MIN, null, null, 3, clock);

        // read again after a restart: it arrived before the 10:15 digest, which never went out
        policy.add(alert("old", Severity.LOW, Instant.parse("2026-03-10T10:05:00Z")));

        assertEquals(List.of("old"), ids(policy.due().batches().get(0)));
    }

    @Test
    void aDigestDuringQuietHoursFoldsIntoTheFirstDigestAfterThemButCarriesExceptedAlerts() {
        MovingClock clock = new MovingClock(berlin(10, 21, 50));
        Schedule hourly = new Schedule(Schedule.Mode.DIGEST, Duration.ofHours(1));
        DeliveryPolicy policy = new DeliveryPolicy(hourly, NIGHTS_IN_BERLIN, null, 3, clock);

        assertEquals(DeliveryPolicy.Hold.DIGEST, policy.add(alert("evening", Severity.HIGH, clock.instant())));
        clock.set(berlin(10, 22, 0));
        assertTrue(policy.due().batches().isEmpty(), "the 22:00 digest falls in the quiet hours");
        clock.set(berlin(10, 23, 10));
        assertEquals(DeliveryPolicy.Hold.QUIET, policy.add(alert("night", Severity.HIGH, clock.instant())));
        assertEquals(DeliveryPolicy.Hold.DIGEST, policy.add(alert("critical", Severity.CRITICAL, clock.instant())));

        clock.set(berlin(11, 0, 0));
        DeliveryPolicy.Due midnight = policy.due();
        assertEquals(List.of("critical"), ids(midnight.batches().get(0)), "the except severity is not held");

        clock.set(berlin(11, 6, 0));
        assertTrue(policy.due().batches().isEmpty());
        clock.set(berlin(11, 7, 0));
        DeliveryPolicy.Due morning = policy.due();
        assertEquals(1, morning.batches().size());
        assertTrue(morning.batches().get(0).digest());
        assertEquals(List.of("evening", "night"), ids(morning.batches().get(0)));
        assertEquals(0, policy.size());
    }

    @Test
    void withQuietHoursDigestBoundariesFollowTheSubscribersWallClock() {
        // a daily digest goes at midnight in Berlin (23:00 UTC in March), not at midnight UTC
        QuietHours lunchInBerlin = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0), BERLIN, null);
        MovingClock clock = new MovingClock(berlin(10, 15, 0));
        DeliveryPolicy daily = new DeliveryPolicy(
                new Schedule(Schedule.Mode.DIGEST, Duration.ofDays(1)), lunchInBerlin, null, 3, clock);
        daily.add(alert("afternoon", Severity.LOW, clock.instant()));
        assertEquals(berlin(11, 0, 0), daily.nextWake());
        assertEquals(Instant.parse("2026-03-10T23:00:00Z"), daily.nextWake());

        // an hourly digest in India (UTC+05:30) goes on the local hour, not at half past
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        Instant tenPastTen =
                ZonedDateTime.of(2026, 3, 10, 10, 10, 0, 0, kolkata).toInstant();
        MovingClock india = new MovingClock(tenPastTen);
        DeliveryPolicy hourly = new DeliveryPolicy(
                new Schedule(Schedule.Mode.DIGEST, Duration.ofHours(1)),
                new QuietHours(LocalTime.of(23, 0), LocalTime.of(6, 0), kolkata, null),
                null,
                3,
                india);
        hourly.add(alert("a", Severity.LOW, india.instant()));
        assertEquals(ZonedDateTime.of(2026, 3, 10, 11, 0, 0, 0, kolkata).toInstant(), hourly.nextWake());

        // without quiet hours there is no zone to follow: boundaries are counted in UTC
        MovingClock utc = new MovingClock(tenPastTen);
        DeliveryPolicy plain =
                new DeliveryPolicy(new Schedule(Schedule.Mode.DIGEST, Duration.ofHours(1)), null, null, 3, utc);
        plain.add(alert("b", Severity.LOW, utc.instant()));
        assertEquals(Instant.parse("2026-03-10T05:00:00Z"), plain.nextWake());
    }

    @Test
    void digestBoundariesFollowTheWallClockWhenItChanges() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0), BERLIN, null);
        Schedule quarterHourly = new Schedule(Schedule.Mode.DIGEST, Duration.ofMinutes(15));

        // 2026-03-29: at 02:00 the clocks go to 03:00; the 02:15 digest would be never, it goes at 03:00
        MovingClock spring = new MovingClock(Instant.parse("2026-03-29T00:50:00Z")); // 01:50 in Berlin
        DeliveryPolicy forward = new DeliveryPolicy(quarterHourly, lunch, null, 3, spring);
        forward.add(alert("before-the-gap", Severity.LOW, spring.instant()));
        assertEquals(Instant.parse("2026-03-29T01:00:00Z"), forward.nextWake(), "03:00 in Berlin");

        // 2026-10-25: at 03:00 the clocks go back to 02:00; the quarter hours from 02:00 come again
        MovingClock autumn = new MovingClock(Instant.parse("2026-10-25T00:50:00Z")); // 02:50, first time
        DeliveryPolicy back = new DeliveryPolicy(quarterHourly, lunch, null, 3, autumn);
        back.add(alert("first-time", Severity.LOW, autumn.instant()));
        assertEquals(Instant.parse("2026-10-25T01:00:00Z"), back.nextWake(), "02:00 in Berlin, the second time");
        autumn.set(Instant.parse("2026-10-25T01:00:00Z"));
        assertEquals(List.of("first-time"), ids(back.due().batches().get(0)));
        autumn.set(Instant.parse("2026-10-25T01:05:00Z")); // 02:05, the second time
        back.add(alert("second-time", Severity.LOW, autumn.instant()));
        assertEquals(Instant.parse("2026-10-25T01:15:00Z"), back.nextWake(), "02:15 the second time, not the first");
    }

    @Test
    void aDailyDigestThatFallsInTheQuietHoursGoesWhenTheyEnd() {
        MovingClock clock = new MovingClock(berlin(10, 10, 0));
        DeliveryPolicy policy = new DeliveryPolicy(
                new Schedule(Schedule.Mode.DIGEST, Duration.ofDays(1)), NIGHTS_IN_BERLIN, null, 3, clock);

        policy.add(alert("morning", Severity.LOW, clock.instant()));
        clock.set(berlin(10, 15, 0));
        policy.add(alert("afternoon", Severity.HIGH, clock.instant()));
        assertEquals(berlin(11, 0, 0), policy.nextWake());

        clock.set(berlin(11, 0, 0));
        assertTrue(policy.due().batches().isEmpty(), "midnight is in the quiet hours");
        assertEquals(berlin(11, 7, 0), policy.nextWake(), "not the next midnight, which is quiet too");
        clock.set(berlin(11, 7, 0));
        DeliveryPolicy.Due morning = policy.due();
        assertEquals(1, morning.batches().size());
        assertTrue(morning.batches().get(0).digest());
        assertEquals(List.of("morning", "afternoon"), ids(morning.batches().get(0)));
        assertEquals(0, policy.size());
        assertNull(policy.nextWake());
    }

    @Test
    void rateLimitFoldsTheExcessIntoOneDigestSentWhenTheWindowAllows() {
        MovingClock clock = new MovingClock(Instant.parse("2026-03-10T10:00:00Z"));
        DeliveryPolicy policy =
                new DeliveryPolicy(Schedule.INSTANT, null, new RateLimit(2, Duration.ofMinutes(1)), 3, clock);
        for (int i = 0; i < 5; i++) {
            policy.add(alert("r" + i, Severity.LOW, clock.instant()));
        }

        DeliveryPolicy.Due burst = policy.due();
        assertEquals(
                List.of(List.of("r0"), List.of("r1")),
                burst.batches().stream().map(DeliveryPolicyTest::ids).toList());
        assertEquals(3, burst.rateHeld());
        assertEquals(Instant.parse("2026-03-10T10:01:00Z"), policy.nextWake());

        clock.advance(Duration.ofSeconds(30));
        policy.add(alert("r5", Severity.LOW, clock.instant()));
        DeliveryPolicy.Due meanwhile = policy.due();
        assertTrue(meanwhile.batches().isEmpty(), "the window is full");
        assertEquals(1, meanwhile.rateHeld(), "joins the digest already waiting, counted as held back");

        clock.set(Instant.parse("2026-03-10T10:01:00Z"));
        DeliveryPolicy.Due folded = policy.due();
        assertEquals(1, folded.batches().size());
        assertTrue(folded.batches().get(0).digest());
        assertEquals(List.of("r2", "r3", "r4", "r5"), ids(folded.batches().get(0)));

        clock.advance(Duration.ofSeconds(1));
        policy.add(alert("r6", Severity.LOW, clock.instant()));
        DeliveryPolicy.Due after = policy.due();
        assertEquals(List.of("r6"), ids(after.batches().get(0)), "one place left in the window: on its own again");
        assertFalse(after.batches().get(0).digest());
    }

    @Test
    void nothingIsDroppedWhateverMixOfQuietHoursRateLimitAndTime() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            MovingClock clock = new MovingClock(berlin(10, random.nextInt(24), random.nextInt(60)));
            boolean digest = random.nextBoolean();
            DeliveryPolicy policy = new DeliveryPolicy(
                    digest
                            ? new Schedule(Schedule.Mode.DIGEST, Duration.ofMinutes(1 + random.nextInt(90)))
                            : Schedule.INSTANT,
                    random.nextBoolean() ? NIGHTS_IN_BERLIN : null,
                    random.nextBoolean() ? new RateLimit(1 + random.nextInt(3), Duration.ofMinutes(10)) : null,
                    3,
                    clock);
            Set<String> added = new HashSet<>();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                if (random.nextInt(3) == 0) {
                    String id = seed + "-" + i;
                    Severity severity = SEVERITIES.get(random.nextInt(SEVERITIES.size()));
                    policy.add(alert(id, severity, clock.instant()));
                    added.add(id);
                }
                clock.advance(Duration.ofMinutes(random.nextInt(20)));
                policy.due().batches().forEach(b -> sent.addAll(ids(b)));
            }
            for (int i = 0; i < 24 * 12 && policy.size() > 0; i++) {
                clock.advance(Duration.ofMinutes(5));
                policy.due().batches().forEach(b -> sent.addAll(ids(b)));
            }
            assertEquals(added, new HashSet<>(sent), "seed " + seed + ": every alert goes out");
            assertEquals(added.size(), sent.size(), "seed " + seed + ": and only once");
        }
    }

    @Test
    void alertsOfPartitionsHandedOverAreDropped() {
        MovingClock clock = new MovingClock(Instant.parse("2026-03-10T10:02:00Z"));
        DeliveryPolicy policy = new DeliveryPolicy(EVERY_15_MIN, null, null, 3, clock);
        policy.add(alert("mine", Severity.LOW, clock.instant()));
        PendingAlert other = new PendingAlert(
                new TopicPartition("alerts", 1),
                7,
                "k",
                alert("x", Severity.LOW, clock.instant()).alert(),
                new byte[0],
                clock.instant());
        policy.add(other);

        policy.removeIf(a -> a.partition().partition() == 1);
        clock.set(Instant.parse("2026-03-10T10:15:00Z"));

        assertEquals(List.of("mine"), ids(policy.due().batches().get(0)));
    }
}
