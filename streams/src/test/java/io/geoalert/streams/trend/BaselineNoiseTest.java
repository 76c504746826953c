package io.geoalert.streams.trend;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The default trend settings on random (Poisson) streams of stories, judged as {@code DetectSpikes}
 * judges them: each story first brings its key's baseline up to its bucket, then the window of the
 * last 12 buckets is judged. Five keys for 30 days make 150 key-days: "about one a month" is at most 5
 * in them. Seeds are fixed, so every run gives the same figures.
 */
class BaselineNoiseTest {

    private static final long STEP = MentionBuckets.STEP.toMillis();
    private static final long WINDOW = MentionBuckets.WINDOW.toMillis();
    private static final long HOUR = 3_600_000;

    /** Trend alerts raised on a stream of {@code hours} at the rate {@code perHour(hour)}. */
    private static int trends(DoubleUnaryOperator perHour, double hours, long seed) {
        Random random = new Random(seed);
        TreeMap<Long, Long> buckets = new TreeMap<>();
        Baseline baseline = null;
        int trends = 0;
        double max = 300;
        for (double at = 0; ; ) {
            at += -Math.log(1 - random.nextDouble()) / max; // thinning: a Poisson stream at a varying rate
            if (at > hours) {
                return trends;
            }
            if (random.nextDouble() > perHour.applyAsDouble(at) / max) {
                continue;
            }
            long step = MentionBuckets.bucketOf((long) (at * HOUR));
            baseline = baseline == null ? Baseline.firstSeen(0, step) : baseline;
            while (baseline.lastStep() < step) {
                long end = baseline.lastStep() + STEP;
                baseline = baseline.observe(sum(buckets, end - WINDOW, end), TrendSettings.DEFAULTS);
            }
            buckets.merge(step, 1L, Long::sum);
            if (baseline.isSpike(sum(buckets, step + STEP - WINDOW, step + STEP), TrendSettings.DEFAULTS)) {
                trends++;
                baseline = baseline.startSpike();
            }
        }
    }

    private static long sum(NavigableMap<Long, Long> buckets, long from, long to) {
        return buckets.subMap(from, to).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private static int overSeeds(DoubleUnaryOperator perHour, double hours) {
        int trends = 0;
        for (long seed = 0; seed < 5; seed++) {
            trends += trends(perHour, hours, seed);
        }
        return trends;
    }

    @Test
    void randomStreamsAtAnyRateRaiseAboutOneFalseTrendAMonthAtMost() {
        double days = 30 * 24;
        for (double rate : new double[] {2, 6, 12, 30}) {
            int trends = overSeeds(hour -> rate, days);
            assertTrue(trends <= 5, trends + " false trends in 150 key-days at " + rate + " stories an hour");
        }
        int daily = overSeeds(hour -> 7 + 5 * Math.sin(2 * Math.PI * hour / 24), days);
        assertTrue(daily <= 5, daily + " false trends in 150 key-days of a daily cycle from 2 to 12 an hour");
    }

    @Test
    void aBurstIsCaughtOnEverySeedAndASlowRiseOnAlmostNone() {
        for (long seed = 0; seed < 5; seed++) {
            long at = seed;
            assertTrue(trends(hour -> hour < 24 || hour >= 26 ? 6 : 40, 30, at) >= 1, "seed " + seed);
        }
        int slow = overSeeds(hour -> hour < 24 ? 6 : hour < 72 ? 6 + 18 * (hour - 24) / 48 : 24, 96);
        assertTrue(slow <= 1, slow + " trends on 5 slow rises from 6 to 24 an hour over two days");
    }
}
