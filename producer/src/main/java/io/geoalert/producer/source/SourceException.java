package io.geoalert.producer.source;

import java.time.Duration;
import java.util.Optional;

/**
 * A poll that failed for a reason worth one log line: the source may ask to be retried after
 * a given time (HTTP 429/503 Retry-After) or never again (HTTP 410 Gone).
 */
public class SourceException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;
    private final boolean permanent;

    public SourceException(String message, Throwable cause, Duration retryAfter, boolean permanent) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.permanent = permanent;
    }

    public SourceException(String message, Throwable cause) {
        this(message, cause, null, false);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** True when the source should be disabled (e.g. the feed is gone). */
    public boolean permanent() {
        return permanent;
    }
}
