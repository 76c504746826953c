package io.geoalert.producer.source;

import java.time.Duration;

/** What every configured source has: an id, a type and a poll interval. */
public record SourceSpec(String id, String type, Duration interval) {

    public SourceSpec {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("feeds[].id must be letters, digits, '.', '_' or '-', was '" + id + "'");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("feeds[" + id + "].type is required");
        }
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("feeds[" + id + "].interval must be at least 1s");
        }
    }
}
