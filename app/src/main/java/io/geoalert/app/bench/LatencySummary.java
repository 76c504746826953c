package io.geoalert.app.bench;

import java.util.Arrays;

/**
 * Ingest-to-alert latency of one run, in milliseconds: median, 99th percentile (nearest rank) and
 * maximum, over {@code samples} alerts.
 */
public record LatencySummary(double p50, double p99, double max, int samples) {

    /** The summary of latencies given in microseconds; all zero when there are none. */
    public static LatencySummary ofMicros(long[] micros) {
        if (micros.length == 0) {
            return new LatencySummary(0, 0, 0, 0);
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new LatencySummary(
                millis(rank(sorted, 0.50)),
                millis(rank(sorted, 0.99)),
                millis(sorted[sorted.length - 1]),
                sorted.length);
    }

    /** The nearest-rank percentile: the smallest sample with at least {@code share} of all at or below it. */
    private static long rank(long[] sorted, double share) {
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long micros) {
        return Math.round(micros / 100.0) / 10.0; // 0.1 ms is finer than anything measured here
    }
}
