package io.geoalert.streams.trend;

import java.time.Duration;

/**
 * The time grid of mention counts: 5-minute buckets of record time, summed twelve at a time into the
 * 1-hour window that trends are judged on, and kept for 7 days and an hour so that the last 7 days of
 * stats can be read.
 */
public final class MentionBuckets {

    /** One bucket, and the step by which the 1-hour window advances. */
    public static final Duration STEP = Duration.ofMinutes(5);

    /** The window a count of stories is judged on: the last {@value #BUCKETS_PER_WINDOW} buckets. */
    public static final Duration WINDOW = Duration.ofHours(1);

    public static final int BUCKETS_PER_WINDOW = 12;

    /** How long counts are kept: the 7 days of stats, and the window before them. */
    public static final Duration RETENTION = Duration.ofDays(7).plus(WINDOW);

    private MentionBuckets() {}

    /** The start of the bucket holding a record time. */
    public static long bucketOf(long timestamp) {
        return Math.floorDiv(timestamp, STEP.toMillis()) * STEP.toMillis();
    }
}
