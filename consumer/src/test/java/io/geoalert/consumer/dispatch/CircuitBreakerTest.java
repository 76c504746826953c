package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.testing.MovingClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-03-10T10:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

    @Test
    void opensAfterTheThresholdOfFailuresInARow() {
        assertFalse(breaker.failure());
        assertFalse(breaker.failure());
        assertTrue(breaker.allows());
        assertTrue(breaker.failure(), "the third failure opens it");

        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertFalse(breaker.allows());
        assertEquals(Instant.parse("2026-03-10T10:00:30Z"), breaker.openUntil());
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        breaker.failure();
        breaker.failure();
        breaker.success();
        breaker.failure();
        breaker.failure();

        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void letsOneProbeThroughAfterTheCoolDownAndClosesWhenItSucceeds() {
        open();
        clock.advance(Duration.ofSeconds(29));
        assertFalse(breaker.allows());
        clock.advance(Duration.ofSeconds(1));

        assertTrue(breaker.allows());
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state());
        breaker.success();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void aFailedProbeOpensItForAnotherCoolDown() {
        open();
        clock.advance(Duration.ofSeconds(30));
        assertTrue(breaker.allows());

        assertTrue(breaker.failure(), "one failed probe is enough");
        assertFalse(breaker.allows());
        assertEquals(clock.instant().plusSeconds(30), breaker.openUntil());
    }

    private void open() {
        breaker.failure();
        breaker.failure();
        breaker.failure();
    }
}
