package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.consumer.subscription.AlertFilter;
import io.geoalert.consumer.subscription.RateLimit;
import io.geoalert.consumer.subscription.Schedule;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Alert;
import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.geoalert.testing.MovingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Dispatch starts, restarts and stops dispatchers as subscriptions come, change and go. */
class DispatchFollowsRegistryIT {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(20);
        }
    }

    private static Subscription withFilter(Subscription s, AlertFilter filter, int version) {
        return new Subscription(
                s.id(),
                s.name(),
                s.enabled(),
                version,
                filter,
                s.channel(),
                s.schedule(),
                s.quietHours(),
                s.rateLimit());
    }

    private static Subscription disabled(Subscription s) {
        return new Subscription(
                s.id(),
                s.name(),
                false,
                s.version() + 1,
                s.filter(),
                s.channel(),
                s.schedule(),
                s.quietHours(),
                s.rateLimit());
    }

    @Test
    void startsChangesAndStopsDispatchersAsSubscriptionsComeChangeAndGo() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("registry-" + run);
        Health health = new Health();

        try (Receiver a = Receiver.signed();
                Receiver b = Receiver.signed()) {
            AlertFilter treatiesOnly = new AlertFilter(List.of("treaty"), null, null, null, null);
            Subscription first = withFilter(DispatchFixture.webhook("a-" + run, a.url()), treatiesOnly, 1);
            Subscription broken = new Subscription(
                    "broken-" + run,
                    "broken",
                    true,
                    1,
                    null,
                    new Subscription.ChannelSpec("pigeon", Map.of()),
                    null,
                    null,
                    null);
            MapRegistry registry = new MapRegistry(first, broken);
            Dispatch dispatch = new Dispatch(
                    DispatchFixture.settings(topic), registry, DispatchFixture::channel, new SimpleMeterRegistry());
            dispatch.bindHealth(health);
            dispatch.start();
            try {
                Alert sanction = TestAlerts.alert(run + "-s1", "sanctions", "Sanctions", Instant.now());
                Alert treaty = TestAlerts.alert(run + "-t1", "treaty", "Treaty", Instant.now());
                DispatchFixture.produce(topic, List.of(sanction, treaty));
                a.awaitDistinct(1, 30_000);
                String groupA = DispatchFixture.settings(topic).groupOf(first.id());
                DispatchFixture.awaitCommitted(groupA, topic, 2, Duration.ofSeconds(30));
                assertEquals(Set.of(treaty.alertId()), a.counts().keySet(), "the sanction alert is passed over");
                Health.Status brokenHealth = health.check().get("dispatch.broken-" + run);
                assertFalse(brokenHealth.up());
                assertTrue(brokenHealth.detail().contains("channel.type 'pigeon' is unknown"), brokenHealth.detail());

                // added: a second subscription reads from the beginning in a group of its own
                Subscription second = DispatchFixture.webhook("b-" + run, b.url());
                registry.put(second);
                b.awaitDistinct(2, 30_000);
                await("b on health", () -> health.check().containsKey("dispatch.b-" + run));

                // changed: a's new filter takes sanctions too, from where a stands
                SubscriptionDispatcher before = dispatch.dispatcher(first.id()).orElseThrow();
                registry.put(withFilter(first, AlertFilter.ALL, 2));
                await(
                        "a restarted",
                        () -> dispatch.dispatcher(first.id())
                                .filter(d -> d != before)
                                .isPresent());
                Alert sanction2 = TestAlerts.alert(run + "-s2", "sanctions", "Sanctions", Instant.now());
                DispatchFixture.produce(topic, List.of(sanction2));
                a.awaitDistinct(2, 30_000);
                assertEquals(
                        Set.of(treaty.alertId(), sanction2.alertId()),
                        a.counts().keySet());

                // disabled: b stops; removed: a stops and leaves health
                registry.put(disabled(second));
                await("b stopped", () -> dispatch.dispatcher(second.id()).isEmpty());
                registry.remove(first.id());
                await("a stopped", () -> dispatch.dispatcher(first.id()).isEmpty());
                await("a gone from health", () -> !health.check().containsKey("dispatch.a-" + run));
                Alert late = TestAlerts.alert(run + "-late", "treaty", "Treaty", Instant.now());
                DispatchFixture.produce(topic, List.of(late));
                Thread.sleep(2_000);
                assertFalse(a.counts().containsKey(late.alertId()));
                assertFalse(b.counts().containsKey(late.alertId()));
                assertTrue(health.check().get("dispatch.b-" + run).detail().contains("disabled"));
                assertTrue(dispatch.deliveries(first.id(), 10).isEmpty(), "a removed subscription has no deliveries");
                a.assertEverySignatureValid();
                b.assertEverySignatureValid();
            } finally {
                dispatch.close();
            }
        }
    }

    @Test
    void aRateLimitedSubscriptionGetsTheExcessAsOneDigestWhenTheWindowAllows() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("rate-" + run);
        MovingClock clock = new MovingClock(Instant.now());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<Alert> alerts = DispatchFixture.alerts("rate-" + run, 5);

        try (Receiver receiver = Receiver.signed()) {
            Subscription limited = DispatchFixture.subscription(
                    "rate-" + run, receiver.url(), Schedule.INSTANT, null, new RateLimit(2, Duration.ofMinutes(1)));
            Dispatch dispatch = new Dispatch(
                    DispatchFixture.settings(topic),
                    new MapRegistry(limited),
                    DispatchFixture::channel,
                    meters,
                    Backoff.LOOP_RESTART,
                    clock);
            dispatch.start();
            try {
                DispatchFixture.produce(topic, alerts);
                await(
                        "two sent, three held",
                        () -> receiver.accepted().size() == 2
                                && dispatch.dispatcher(limited.id())
                                                .orElseThrow()
                                                .held()
                                        == 3);
                assertEquals(
                        3.0,
                        meters.get("geoalert.deliveries")
                                .tag("outcome", "held_rate")
                                .counter()
                                .count());
                assertEquals(3.0, meters.get("geoalert.deliveries.held").gauge().value());

                clock.advance(Duration.ofMinutes(1));
                receiver.awaitDistinct(5, 30_000);
                // the receiver counts a message before it answers: wait for the dispatcher to hear the answer
                await(
                        "the digest's answer heard",
                        () -> meters.get("geoalert.delivery.latency").timer().count() == 5);
                List<Receiver.Message> messages = receiver.accepted();
                assertEquals(3, messages.size(), messages.toString());
                assertFalse(messages.get(0).digest());
                assertFalse(messages.get(1).digest());
                assertTrue(messages.get(2).digest());
                assertEquals(3, messages.get(2).alertIds().size());
                assertEquals(
                        3.0,
                        meters.get("geoalert.deliveries")
                                .tag("outcome", "digested")
                                .counter()
                                .count());
                assertEquals(
                        5.0,
                        meters.get("geoalert.deliveries")
                                .tag("outcome", "sent")
                                .counter()
                                .count());
                receiver.assertEverySignatureValid();
            } finally {
                dispatch.close();
            }
        }
    }
}
