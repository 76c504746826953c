package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.ops.Backoff;
import io.geoalert.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/** Alerts a destination refuses, or does not take within the give-up time, go to {@code alerts.dlq}, named. */
class DispatchDeadLetterIT {

    private static SubscriptionDispatcher start(
            DispatchSettings settings, Subscription subscription, RecentDeliveries recent, SimpleMeterRegistry meters) {
        SubscriptionDispatcher dispatcher = new SubscriptionDispatcher(
                settings,
                subscription,
                DispatchFixture.channel(subscription),
                recent,
                new DispatchMetrics(meters),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
                Clock.systemUTC());
        dispatcher.start();
        return dispatcher;
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String subscriptionId, int n) {
        return TopicReader.await(
                DispatchFixture.bootstrap(),
                Topics.ALERTS_DLQ,
                n,
                r -> subscriptionId.equals(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SUBSCRIPTION)),
                Duration.ofSeconds(60));
    }

    @Test
    void aRefusedAlertIsSetAsideWithHeadersNamingTheSubscriptionAndTheLastErrorAndTheRestIsDelivered()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("refused-" + run);
        Alert ok1 = TestAlerts.alert(run + "-ok-1", "sanctions", "Sanctions", Instant.now());
        Alert refused = TestAlerts.alert(run + "-refuse-2", "sanctions", "Sanctions", Instant.now());
        Alert ok3 = TestAlerts.alert(run + "-ok-3", "sanctions", "Sanctions", Instant.now());
        DispatchFixture.produce(topic, List.of(ok1, refused, ok3));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RecentDeliveries recent = new RecentDeliveries(200);

        try (Receiver receiver = Receiver.signed()) {
            receiver.respond(m -> m.alertIds().get(0).contains("refuse")
                    ? Receiver.Answer.of(422, "{\"error\":\"severity missing\"}")
                    : Receiver.Answer.OK);
            Subscription subscription = DispatchFixture.webhook("refusing-" + run, receiver.url());
            DispatchSettings settings = DispatchFixture.settings(topic);
            SubscriptionDispatcher dispatcher = start(settings, subscription, recent, meters);
            try {
                ConsumerRecord<String, byte[]> dead =
                        deadLetters(subscription.id(), 1).get(0);
                Headers headers = dead.headers();

                assertEquals(
                        refused.alertId(), Json.read(dead.value(), Alert.class).alertId());
                assertEquals(refused.itemId(), dead.key());
                assertEquals(topic, DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_TOPIC));
                assertTrue(
                        Integer.parseInt(DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_PARTITION)) >= 0);
                assertTrue(Long.parseLong(DeadLetterHeaders.read(headers, DeadLetterHeaders.ORIGINAL_OFFSET)) >= 0);
                assertEquals(
                        DeliveryGaveUpException.class.getName(),
                        DeadLetterHeaders.read(headers, DeadLetterHeaders.EXCEPTION_CLASS));
                assertEquals("dispatch.webhook", DeadLetterHeaders.read(headers, DeadLetterHeaders.STAGE));
                assertEquals(
                        "422 HTTP 422: {\"error\":\"severity missing\"}",
                        DeadLetterHeaders.read(headers, DeadLetterHeaders.LAST_ERROR));
                assertTrue(DeadLetterHeaders.read(headers, DeadLetterHeaders.EXCEPTION_MESSAGE)
                        .startsWith("refused: 422"));

                receiver.awaitDistinct(2, 30_000);
                assertEquals(
                        Set.of(ok1.alertId(), ok3.alertId()), receiver.counts().keySet());
                DispatchFixture.awaitCommitted(settings.groupOf(subscription.id()), topic, 3, Duration.ofSeconds(30));
                assertEquals(
                        1.0,
                        meters.get("geoalert.deliveries")
                                .tag("outcome", "refused")
                                .counter()
                                .count());
                assertEquals(
                        1.0,
                        meters.get("geoalert.deliveries")
                                .tag("outcome", "dead_lettered")
                                .counter()
                                .count());
                List<String> outcomes = recent.newestFirst(10).stream()
                        .filter(a -> a.alertIds().equals(List.of(refused.alertId())))
                        .map(DeliveryAttempt::outcome)
                        .toList();
                assertEquals(List.of("dead_lettered", "refused"), outcomes);
                assertTrue(dispatcher.health().up(), dispatcher.health().detail());
                receiver.assertEverySignatureValid();
            } finally {
                dispatcher.close();
            }
        }
    }

    @Test
    void aDestinationThatNeverRecoversIsGivenUpOnAfterTheBoundedTime() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("giveup-" + run);
        List<Alert> alerts = DispatchFixture.alerts("giveup-" + run, 2);
        DispatchFixture.produce(topic, alerts);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        try (Receiver receiver = Receiver.signed()) {
            receiver.respond(m -> Receiver.Answer.of(503, "{\"error\":\"down\"}"));
            Subscription subscription = DispatchFixture.webhook("never-" + run, receiver.url());
            DispatchSettings settings = DispatchFixture.settings(topic)
                    .withRetry(
                            new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(3))
                    .withBreaker(3, Duration.ofMillis(500));
            long started = System.nanoTime();
            SubscriptionDispatcher dispatcher = start(settings, subscription, new RecentDeliveries(50), meters);
            try {
                boolean sawDown = false;
                while (!sawDown
                        && System.nanoTime() - started < Duration.ofSeconds(20).toNanos()) {
                    sawDown = !dispatcher.health().up()
                            && dispatcher.health().detail().contains("circuit open");
                    Thread.sleep(20);
                }
                assertTrue(sawDown, "the open circuit shows on health");

                List<ConsumerRecord<String, byte[]>> dead = deadLetters(subscription.id(), 2);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                for (ConsumerRecord<String, byte[]> record : dead) {
                    assertEquals(
                            "503 HTTP 503: {\"error\":\"down\"}",
                            DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.LAST_ERROR));
                    String why = DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE);
                    assertTrue(why.startsWith("not delivered within PT3S"), why);
                }
                assertEquals(
                        Set.of(alerts.get(0).alertId(), alerts.get(1).alertId()),
                        Set.copyOf(dead.stream()
                                .map(r -> Json.read(r.value(), Alert.class).alertId())
                                .toList()));
                assertTrue(took.compareTo(Duration.ofSeconds(3)) >= 0, "not before the give-up time: " + took);
                assertTrue(receiver.accepted().isEmpty());
                assertTrue(receiver.refused() >= 3, "retried before giving up: " + receiver.refused());
                assertFalse(meters.get("geoalert.deliveries")
                                .tag("outcome", "retried")
                                .counter()
                                .count()
                        < 3);
                DispatchFixture.awaitCommitted(settings.groupOf(subscription.id()), topic, 2, Duration.ofSeconds(30));
                receiver.assertEverySignatureValid();
            } finally {
                dispatcher.close();
            }
        }
    }

    @Test
    void anUnreadableRecordIsSetAsideAndDeliveryGoesOn() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("unreadable-" + run);
        Alert good = TestAlerts.alert(run + "-good", "treaty", "Treaty", Instant.now());
        try (var producer = DispatchFixture.producer()) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            topic, 0, "bad-" + run, "not an alert".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            topic, 0, good.itemId(), Json.toBytes(good)))
                    .get();
        }
        try (Receiver receiver = Receiver.signed()) {
            Subscription subscription = DispatchFixture.webhook("reads-" + run, receiver.url());
            DispatchSettings settings = DispatchFixture.settings(topic);
            SubscriptionDispatcher dispatcher =
                    start(settings, subscription, new RecentDeliveries(50), new SimpleMeterRegistry());
            try {
                ConsumerRecord<String, byte[]> dead =
                        deadLetters(subscription.id(), 1).get(0);
                assertEquals("bad-" + run, dead.key());
                assertEquals("0", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET));
                receiver.awaitDistinct(1, 30_000);
                assertEquals(Set.of(good.alertId()), receiver.counts().keySet());
                DispatchFixture.awaitCommitted(settings.groupOf(subscription.id()), topic, 2, Duration.ofSeconds(30));
                receiver.assertEverySignatureValid();
            } finally {
                dispatcher.close();
            }
        }
    }
}
