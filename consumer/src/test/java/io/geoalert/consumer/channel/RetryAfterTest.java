package io.geoalert.consumer.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertEquals(Duration.ofMinutes(2), RetryAfter.parse("120", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse(" 0 ", NOW));
    }

    @Test
    void readsAnHttpDateAsTheWaitFromNow() {
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Sun, 29 Nov 2026 10:01:30 GMT", NOW));
    }

    @Test
    void aDateAlreadyPastMeansRetryNow() {
        assertEquals(Duration.ZERO, RetryAfter.parse("Sun, 29 Nov 2026 09:00:00 GMT", NOW));
    }

    @Test
    void absentOrUnreadableLeavesTheWaitToTheCaller() {
        assertNull(RetryAfter.parse(null, NOW));
        assertNull(RetryAfter.parse("", NOW));
        assertNull(RetryAfter.parse("soon", NOW));
        assertNull(RetryAfter.parse("-5", NOW));
        assertNull(RetryAfter.parse("99999999999999999999999", NOW));
    }
}
