package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.subscription.Schedule;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Alert;
import io.geoalert.ops.Backoff;
import io.geoalert.testing.MovingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dispatcher stopped mid-delivery, or its process killed, and started again in the same group:
 * nothing is lost and nothing is delivered twice (a kill can repeat only the one message that was in
 * flight, which its idempotency key lets the receiver drop). Held alerts survive too.
 */
class DispatchRestartIT {

    @TempDir
    Path dir;

    private static SubscriptionDispatcher start(DispatchSettings settings, Subscription subscription, Clock clock) {
        SubscriptionDispatcher dispatcher = new SubscriptionDispatcher(
                settings,
                subscription,
                DispatchFixture.channel(subscription),
                new RecentDeliveries(200),
                new DispatchMetrics(new SimpleMeterRegistry()),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
                clock);
        dispatcher.start();
        return dispatcher;
    }

    private static Set<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::alertId).collect(Collectors.toSet());
    }

    private static Set<String> doubled(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    @Test
    void closingMidDeliveryAndStartingAgainLosesAndRepeatsNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("close-" + run);
        List<Alert> alerts = DispatchFixture.alerts("close-" + run, 300);
        DispatchFixture.produce(topic, alerts);

        try (Receiver receiver = Receiver.signed()) {
            receiver.delay(10);
            Subscription subscription = DispatchFixture.webhook("close-" + run, receiver.url());
            DispatchSettings settings = DispatchFixture.settings(topic);
            SubscriptionDispatcher first = start(settings, subscription, Clock.systemUTC());
            try {
                receiver.awaitDistinct(100, 60_000);
            } finally {
                first.close();
            }
            int beforeRestart = receiver.counts().size();
            SubscriptionDispatcher second = start(settings, subscription, Clock.systemUTC());
            try {
                receiver.awaitDistinct(alerts.size(), 60_000);
                DispatchFixture.awaitCommitted(
                        settings.groupOf(subscription.id()), topic, alerts.size(), Duration.ofSeconds(30));
            } finally {
                second.close();
            }
            Map<String, Integer> counts = receiver.counts();
            System.out.printf(
                    "[fault] dispatch-close-restart: alerts=%d delivered=%d doubled=%d stopped-after=%d%n",
                    alerts.size(), counts.size(), doubled(counts).size(), beforeRestart);
            assertTrue(beforeRestart < alerts.size(), "stopped mid-delivery: " + beforeRestart);
            assertEquals(ids(alerts), counts.keySet(), "nothing lost");
            assertEquals(Set.of(), doubled(counts), "nothing delivered twice");
            receiver.assertEverySignatureValid();
        }
    }

    @Test
    void killingTheDispatchProcessMidDeliveryLosesNothingAndRepeatsAtMostTheMessageInFlight() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("kill-" + run);
        List<Alert> alerts = DispatchFixture.alerts("kill-" + run, 400);
        DispatchFixture.produce(topic, alerts);

        try (Receiver receiver = Receiver.signed()) {
            receiver.delay(15);
            String subscription = "kill-" + run;
            Process first = startProcess(topic, subscription, receiver, "first");
            Process second = null;
            try {
                receiver.awaitDistinct(120, 90_000);
                first.destroyForcibly().waitFor(); // SIGKILL: no commit, no leave-group, a message in flight
                List<Receiver.Message> beforeKill = receiver.accepted();
                String inFlight =
                        beforeKill.get(beforeKill.size() - 1).alertIds().get(0);
                int deliveredBeforeKill = receiver.counts().size();

                second = startProcess(topic, subscription, receiver, "second");
                long restarted = System.nanoTime();
                receiver.awaitDistinct(deliveredBeforeKill + 1, 90_000);
                Duration resumed = Duration.ofNanos(System.nanoTime() - restarted);
                receiver.awaitDistinct(alerts.size(), 120_000);
                Thread.sleep(2_000); // anything repeated would have arrived by now

                Map<String, Integer> counts = receiver.counts();
                Set<String> doubled = doubled(counts);
                System.out.printf(
                        "[fault] dispatch-kill-9: alerts=%d delivered=%d doubled=%d killed-after=%d"
                                + " resumed=%.1fs after the restart (the dead member's 6 s session included)%n",
                        alerts.size(), counts.size(), doubled.size(), deliveredBeforeKill, resumed.toMillis() / 1000.0);
                assertTrue(deliveredBeforeKill < alerts.size(), "killed mid-delivery");
                assertEquals(ids(alerts), counts.keySet(), "nothing lost");
                assertTrue(
                        doubled.isEmpty() || doubled.equals(Set.of(inFlight)),
                        "only the message in flight at the kill (" + inFlight + ") may come twice: " + doubled);
                receiver.assertEverySignatureValid();
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + processLogs(), e);
            } finally {
                first.destroyForcibly();
                if (second != null) {
                    second.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** What the dispatcher processes logged, for a failure's message. */
    private String processLogs() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("first", "second")) {
            Path log = dir.resolve("dispatch-" + name + ".log");
            if (Files.exists(log)) {
                out.append("--- ").append(name).append(" process ---\n").append(Files.readString(log));
            }
        }
        return out.toString();
    }

    private Process startProcess(String topic, String subscription, Receiver receiver, String name) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classpath,
                DispatchMain.class.getName(),
                DispatchFixture.bootstrap(),
                topic,
                subscription,
                receiver.url().toString()));
        File log = dir.resolve("dispatch-" + name + ".log").toFile();
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    @Test
    void aHeldDigestSurvivesARestartAndGoesOutOnceWhenDue() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("digest-" + run);
        List<Alert> alerts = DispatchFixture.alerts("digest-" + run, 5);
        DispatchFixture.produce(topic, alerts);
        MovingClock clock = new MovingClock(Instant.now());

        try (Receiver receiver = Receiver.signed()) {
            Subscription subscription = DispatchFixture.subscription(
                    "digest-" + run,
                    receiver.url(),
                    new Schedule(Schedule.Mode.DIGEST, Duration.ofHours(1)),
                    null,
                    null);
            DispatchSettings settings = DispatchFixture.settings(topic);
            String group = settings.groupOf(subscription.id());

            SubscriptionDispatcher first = start(settings, subscription, clock);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (first.held() < alerts.size()) {
                    assertTrue(System.nanoTime() < deadline, "5 alerts held for the digest, was " + first.held());
                    Thread.sleep(20);
                }
                assertEquals(0, DispatchFixture.committed(group, topic), "nothing committed past held alerts");
            } finally {
                first.close();
            }
            assertTrue(receiver.accepted().isEmpty(), "the digest is not due yet");
            assertEquals(0, DispatchFixture.committed(group, topic), "closing commits nothing past held alerts");

            clock.advance(Duration.ofMinutes(61));
            SubscriptionDispatcher second = start(settings, subscription, clock);
            try {
                receiver.awaitDistinct(alerts.size(), 30_000);
                DispatchFixture.awaitCommitted(group, topic, alerts.size(), Duration.ofSeconds(30));
            } finally {
                second.close();
            }
            List<Receiver.Message> messages = receiver.accepted();
            assertEquals(1, messages.size(), "one digest: " + messages);
            assertTrue(messages.get(0).digest());
            assertEquals(ids(alerts), Set.copyOf(messages.get(0).alertIds()));

            SubscriptionDispatcher third = start(settings, subscription, clock);
            try {
                DispatchFixture.awaitCommitted(group, topic, alerts.size(), Duration.ofSeconds(30));
                Thread.sleep(3_000);
            } finally {
                third.close();
            }
            assertEquals(1, receiver.accepted().size(), "a third start sends nothing again");
            receiver.assertEverySignatureValid();
        }
    }
}
