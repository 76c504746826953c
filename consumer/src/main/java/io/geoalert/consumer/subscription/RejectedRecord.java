package io.geoalert.consumer.subscription;

import java.time.Instant;

/** A record on {@code geoalert.subscriptions} that was not put in force, and why: listed by {@code GET /v1/subscriptions}. */
public record RejectedRecord(String key, int partition, long offset, Instant seenAt, String reason) {}
