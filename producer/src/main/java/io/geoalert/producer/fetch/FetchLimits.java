package io.geoalert.producer.fetch;

import java.time.Duration;

/**
 * How long and how much one fetch may take: a connect timeout, a deadline for the whole request
 * (every redirect hop, headers and body), a size cap, the longest Retry-After honoured, and how
 * many redirects are followed.
 */
public record FetchLimits(
        Duration connectTimeout, Duration deadline, long maxBytes, Duration maxRetryAfter, int maxRedirects) {

    /** 10 s to connect, 30 s for the whole request, 10 MiB, Retry-After at most 6 h, 5 redirects. */
    public static final FetchLimits DEFAULTS =
            new FetchLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), 10L << 20, Duration.ofHours(6), 5);

    public FetchLimits {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("fetch.connect-timeout must be positive, was " + connectTimeout);
        }
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("fetch.deadline must be positive, was " + deadline);
        }
        if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("fetch.max-bytes must be between 1 and 2 GiB, was " + maxBytes);
        }
        if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("fetch.max-retry-after must not be negative, was " + maxRetryAfter);
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("fetch.max-redirects must be between 0 and 20, was " + maxRedirects);
        }
    }
}
