package io.geoalert.changes;

import java.time.Instant;

/**
 * A record on a change topic that was not put in force, and why: listed by {@code GET /v1/rules}
 * and {@code GET /v1/subscriptions}. The partition and offset are -1 for a value refused after it
 * was read (a rule that does not compile).
 */
public record RejectedRecord(String key, int partition, long offset, Instant seenAt, String reason) {}
