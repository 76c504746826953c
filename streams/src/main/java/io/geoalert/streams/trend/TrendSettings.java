package io.geoalert.streams.trend;

import java.time.Duration;

/**
 * When a count of stories is a spike: at least {@code minCount} stories in the hour and at least
 * {@code zScore} spreads above the key's baseline, whose mean and variance are weighted averages that
 * halve the weight of a past hour every {@code halfLife}; no spike is raised before a partition has
 * watched for {@code warmup}, so that the first hours after a first start, when every window fills
 * from nothing, raise none.
 */
public record TrendSettings(double zScore, int minCount, Duration halfLife, Duration warmup) {

    /**
     * z 4, 5 stories, a 3-hour half-life, 6 hours of warm-up: on simulated Poisson streams these raise
     * about one false trend a month per key at 2 stories an hour and fewer at higher rates, none on most slow
     * rises, and catch every jump from 6 to 40 stories an hour (see the README, Trends).
     */
    public static final TrendSettings DEFAULTS = new TrendSettings(4.0, 5, Duration.ofHours(3), Duration.ofHours(6));

    public TrendSettings {
        if (!(zScore >= 1.0 && zScore <= 100.0)) {
            throw new IllegalArgumentException("streams.trend-z-score must be between 1 and 100, was " + zScore);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("streams.trend-min-count must be at least 1, was " + minCount);
        }
        if (halfLife == null
                || halfLife.compareTo(MentionBuckets.STEP) < 0
                || halfLife.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException(
                    "streams.trend-half-life must be a span from 5m to 30d such as 3h, was " + halfLife);
        }
        if (warmup == null || warmup.isNegative() || warmup.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(
                    "streams.trend-warmup must be a span from 0 to 7d such as 6h, was " + warmup);
        }
    }

    /** The weight of each new 5-minute step in the baseline's averages. */
    double alpha() {
        return 1.0 - Math.pow(0.5, (double) MentionBuckets.STEP.toMillis() / halfLife.toMillis());
    }
}
