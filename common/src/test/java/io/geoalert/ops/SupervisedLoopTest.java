package io.geoalert.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisedLoopTest {

    private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(40));

    @Test
    void restartsAFailingBodyAndReportsItDownUntilItRecovers() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch failedTwice = new CountDownLatch(1);
        CountDownLatch mayRecover = new CountDownLatch(1);
        CountDownLatch recovered = new CountDownLatch(1);
        try (SupervisedLoop loop = new SupervisedLoop(
                        "test",
                        control -> {
                            int run = runs.incrementAndGet();
                            if (run <= 2) {
                                throw new IllegalStateException("boom " + run);
                            }
                            failedTwice.countDown();
                            mayRecover.await();
                            control.healthy();
                            recovered.countDown();
                            while (control.running()) {
                                Thread.sleep(5);
                            }
                        },
                        FAST,
                        registry,
                        Clock.systemUTC())
                .start()) {
            assertTrue(failedTwice.await(5, TimeUnit.SECONDS));
            Health.Status down = loop.health();
            assertFalse(down.up());
            assertTrue(down.detail().contains("boom 2"), down.detail());
            assertTrue(down.detail().contains("2 time(s) in a row"), down.detail());
            assertEquals(
                    2.0,
                    registry.get("geoalert.loop.failures")
                            .tag("loop", "test")
                            .counter()
                            .count());

            mayRecover.countDown();
            assertTrue(recovered.await(5, TimeUnit.SECONDS));
            assertTrue(loop.health().up(), loop.health().detail());
            assertEquals(0, loop.consecutiveFailures());
        }
    }

    @Test
    void restartsABodyThatReturnsWhileNotClosing() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountDownLatch thirdRun = new CountDownLatch(3);
        try (SupervisedLoop loop = new SupervisedLoop(
                        "returns", control -> thirdRun.countDown(), FAST, registry, Clock.systemUTC())
                .start()) {
            assertTrue(thirdRun.await(5, TimeUnit.SECONDS));
            assertTrue(loop.health().detail().contains("ended unexpectedly")
                    || loop.health().up());
        }
        assertTrue(registry.get("geoalert.loop.restarts")
                        .tag("loop", "returns")
                        .counter()
                        .count()
                >= 2);
    }

    @Test
    void closeStopsTheLoopEvenDuringBackoff() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SupervisedLoop loop = new SupervisedLoop(
                        "slow",
                        control -> {
                            throw new IllegalStateException("always");
                        },
                        new Backoff(Duration.ofMinutes(10), Duration.ofMinutes(10)),
                        registry,
                        Clock.systemUTC())
                .start();
        long started = System.nanoTime();
        assertTrue(loop.stop(Duration.ofSeconds(5)));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
        assertFalse(loop.health().up());
    }

    @Test
    void backoffDoublesUpToItsCapWithBoundedJitter() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(100, backoff.nominal(1).toMillis());
        assertEquals(200, backoff.nominal(2).toMillis());
        assertEquals(800, backoff.nominal(4).toMillis());
        assertEquals(1000, backoff.nominal(5).toMillis());
        assertEquals(1000, backoff.nominal(Integer.MAX_VALUE).toMillis());
        for (int i = 0; i < 100; i++) {
            long delay = backoff.delay(2).toMillis();
            assertTrue(delay >= 160 && delay <= 240, "delay " + delay);
        }
    }
}
