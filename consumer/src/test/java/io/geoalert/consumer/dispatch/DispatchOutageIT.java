package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's outage: a webhook receiver answers 503 for 60 s while 500 alerts arrive. After it
 * recovers every alert reaches it exactly once; a second subscription on a healthy receiver got all
 * 500 during the outage, and {@code /health} showed the failing one DOWN and the other UP meanwhile.
 * Both deliver through the real signed webhook channel, and both receivers check every request's
 * signature and idempotency key.
 */
class DispatchOutageIT {

    private static final int ALERTS = 500;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void aDestinationDownForAMinuteGetsEveryAlertOnceAfterwardsAndHoldsUpNobodyElse() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("outage-" + run);
        List<Alert> alerts = DispatchFixture.alerts("outage-" + run, ALERTS);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Health health = new Health();

        try (Receiver down = Receiver.signed();
                Receiver healthy = Receiver.signed()) {
            long outageStart = System.nanoTime();
            long outageEnd = outageStart + OUTAGE.toNanos();
            down.respond(m -> System.nanoTime() < outageEnd
                    ? new Receiver.Answer(503, "{\"error\":\"maintenance\"}", Map.of("Retry-After", "1"))
                    : Receiver.Answer.OK);
            Subscription failing = DispatchFixture.webhook("down-" + run, down.url());
            Subscription working = DispatchFixture.webhook("up-" + run, healthy.url());
            MapRegistry registry = new MapRegistry(failing, working);
            Dispatch dispatch = new Dispatch(
                    DispatchFixture.settings(topic),
                    registry,
                    DispatchFixture::channel,
                    meters,
                    Backoff.LOOP_RESTART,
                    Clock.systemUTC());
            dispatch.bindHealth(health);
            dispatch.start();
            try {
                // 500 alerts over 20 s, well inside the outage
                try (KafkaProducer<String, byte[]> producer = DispatchFixture.producer()) {
                    for (int i = 0; i < ALERTS; i++) {
                        Alert alert = alerts.get(i);
                        var unused = producer.send(new ProducerRecord<>(topic, alert.itemId(), Json.toBytes(alert)));
                        if (i % 25 == 24) {
                            producer.flush();
                            Thread.sleep(1_000);
                        }
                    }
                }

                healthy.awaitDistinct(ALERTS, Math.max(1, (outageEnd - System.nanoTime()) / 1_000_000));
                long healthyDone = System.nanoTime();
                assertTrue(healthyDone < outageEnd, "the healthy subscription finished during the outage");
                Map<String, Health.Status> during = health.check();
                assertFalse(during.get("dispatch.down-" + run).up(), "failing one DOWN: " + during);
                assertTrue(during.get("dispatch.down-" + run).detail().contains("circuit open"), during.toString());
                assertTrue(during.get("dispatch.up-" + run).up(), "healthy one UP: " + during);
                assertTrue(down.accepted().isEmpty(), "nothing accepted during the outage");
                assertTrue(dispatch.dispatcher("down-" + run).orElseThrow().circuitOpen());

                down.awaitDistinct(ALERTS, OUTAGE.toMillis() + 120_000);
                List<Receiver.Message> received = down.accepted();
                long lastArrival = received.get(received.size() - 1).receivedNanos();
                Duration drain = Duration.ofNanos(lastArrival - outageEnd);
                Thread.sleep(2_000); // anything doubled would arrive by now
                Map<String, Integer> counts = down.counts();
                long doubled = counts.values().stream().filter(c -> c > 1).count();
                long doubledKeys =
                        down.keyCounts().values().stream().filter(c -> c > 1).count();
                long healthyDoubled =
                        healthy.counts().values().stream().filter(c -> c > 1).count();
                int invalid = down.invalidSignatures() + healthy.invalidSignatures();
                System.out.printf(
                        "[fault] dispatch-outage: alerts=%d delivered=%d doubled=%d invalid-signatures=%d"
                                + " (of %d requests) refused-attempts=%d drain-after-recovery=%.1fs;"
                                + " healthy subscription: delivered=%d doubled=%d, done %.1fs before recovery%n",
                        ALERTS,
                        counts.size(),
                        doubled,
                        invalid,
                        down.checkedSignatures() + healthy.checkedSignatures(),
                        down.refused(),
                        drain.toMillis() / 1000.0,
                        healthy.counts().size(),
                        healthyDoubled,
                        (outageEnd - healthyDone) / 1e9);
                assertEquals(0, invalid, "every signature valid");
                assertTrue(
                        down.checkedSignatures() > ALERTS && healthy.checkedSignatures() >= ALERTS,
                        "every request checked");
                assertEquals(0, down.wrongKeys() + healthy.wrongKeys(), "Idempotency-Key is the alert id");
                assertEquals(ALERTS, down.keyCounts().size(), "every alert once by Idempotency-Key");
                assertEquals(0, doubledKeys, "no Idempotency-Key accepted twice");
                assertEquals(ALERTS, counts.size(), "every alert delivered");
                assertEquals(0, doubled, "no alert delivered twice: " + counts);
                assertEquals(0, healthyDoubled);
                assertEquals(
                        alerts.stream().map(Alert::alertId).collect(java.util.stream.Collectors.toSet()),
                        counts.keySet());
                assertTrue(health.check().get("dispatch.down-" + run).up(), "UP again after recovery");
                assertEquals(
                        2.0 * ALERTS,
                        meters.get("geoalert.deliveries")
                                .tag("outcome", "sent")
                                .counter()
                                .count());
                assertTrue(meters.get("geoalert.deliveries")
                                .tag("outcome", "retried")
                                .counter()
                                .count()
                        > 0);
                assertEquals(0, (int)
                        meters.get("geoalert.delivery.circuits.open").gauge().value());
            } finally {
                dispatch.close();
            }
        }
    }
}
