package io.geoalert.http;

import java.time.Duration;

/** A request the API refuses, with the HTTP status and, where one is at fault, the field. */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;
    private final long retryAfterSeconds;

    public ApiException(int status, String field, String message) {
        this(status, field, message, 0);
    }

    private ApiException(int status, String field, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    /** 503: a dependency (Kafka) or the server itself cannot take the request now; the client should retry after {@code retryAfter}. */
    public static ApiException unavailable(String message, Duration retryAfter) {
        return new ApiException(503, null, message, Math.max(1, retryAfter.toSeconds()));
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
