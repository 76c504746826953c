package io.geoalert.producer.fetch;

import java.time.Duration;
import java.util.Optional;

/**
 * A fetch that failed for a reason worth one log line: the server may have asked to be retried
 * after a time (429/503 with Retry-After) or never again (410 Gone).
 */
public final class FetchException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;
    private final boolean permanent;

    FetchException(String message, Throwable cause, Duration retryAfter, boolean permanent) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.permanent = permanent;
    }

    FetchException(String message, Throwable cause) {
        this(message, cause, null, false);
    }

    FetchException(String message) {
        this(message, null, null, false);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** True when the URL should not be fetched again (HTTP 410). */
    public boolean permanent() {
        return permanent;
    }
}
