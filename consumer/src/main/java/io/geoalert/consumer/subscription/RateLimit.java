package io.geoalert.consumer.subscription;

import java.time.Duration;

/**
 * At most {@code messages} instant messages per {@code per}; alerts past the limit are folded into
 * one digest sent when the window allows, never dropped.
 */
public record RateLimit(int messages, Duration per) {
    public RateLimit {
        if (messages < 1) {
            throw new IllegalArgumentException("rateLimit.messages must be at least 1");
        }
        if (per == null || per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("rateLimit.per must be a positive duration");
        }
    }
}
