package io.geoalert.streams.reload;

import java.time.Instant;

/** A record on {@code geoalert.rules} that was not put in force, and why: listed by {@code GET /v1/rules}. */
public record RejectedRecord(String key, int partition, long offset, Instant seenAt, String reason) {}
