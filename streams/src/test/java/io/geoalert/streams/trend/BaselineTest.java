package io.geoalert.streams.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BaselineTest {

    private static final long STEP = MentionBuckets.STEP.toMillis();
    private static final TrendSettings SETTINGS = TrendSettings.DEFAULTS;

    private static Baseline observed(long... counts) {
        Baseline baseline = Baseline.firstSeen(0, 0);
        for (long count : counts) {
            baseline = baseline.observe(count, SETTINGS);
        }
        return baseline;
    }

    @Test
    void aYoungBaselineIsThePlainAverageOfItsSteps() {
        Baseline baseline = observed(2, 4, 6);
        assertEquals(4.0, baseline.mean(), 1e-9);
        assertEquals(8.0 / 3, baseline.variance(), 1e-9, "the population variance of 2, 4, 6");
        assertEquals(3, baseline.steps());
        assertEquals(3 * STEP, baseline.lastStep());
    }

    @Test
    void anOldBaselineWeighsEachNewStepByTheHalfLife() {
        long[] steady = new long[500];
        java.util.Arrays.fill(steady, 10);
        Baseline baseline = observed(steady).observe(20, SETTINGS);
        double alpha = 1 - Math.pow(0.5, 5.0 / (3 * 60));
        assertEquals(10 + alpha * 10, baseline.mean(), 1e-9);
    }

    @Test
    void aBurstMovesAWarmBaselineOnlyAsACountAtTheSpikeThresholdWould() {
        long[] steady = new long[500];
        java.util.Arrays.fill(steady, 16);
        Baseline before = observed(steady);
        double threshold = 16 + SETTINGS.zScore() * 4;
        assertEquals(before.observe((long) threshold, SETTINGS), before.observe(400, SETTINGS));
        Baseline young = observed(16, 16);
        assertEquals(16 + (400 - 16) / 3.0, young.observe(400, SETTINGS).mean(), 1e-9, "not yet warm: taken whole");
    }

    @Test
    void aSteadyCountIsMeasuredInAtLeastThePoissonSpread() {
        long[] steady = new long[100];
        java.util.Arrays.fill(steady, 16);
        Baseline baseline = observed(steady);
        assertEquals(0.0, baseline.variance(), 1e-9);
        assertEquals(4.0, baseline.spread(), 1e-9, "the root of the mean");
        assertEquals(1.0, observed(0, 0, 0).spread(), 1e-9, "never less than one story");
        assertFalse(baseline.isSpike(31, SETTINGS), "3.75 spreads above");
        assertTrue(baseline.isSpike(32, SETTINGS), "4 spreads above");
    }

    @Test
    void aSpikeNeedsTheMinimumCountAndAWarmBaseline() {
        Baseline quiet = Baseline.firstSeen(0, SETTINGS.warmup().toMillis());
        assertEquals(SETTINGS.warmup().toMillis() / STEP, quiet.steps(), "empty steps since the partition started");
        assertFalse(quiet.isSpike(SETTINGS.minCount() - 1, SETTINGS), "z 4 but fewer stories than the minimum");
        assertTrue(quiet.isSpike(SETTINGS.minCount(), SETTINGS));
        Baseline young = Baseline.firstSeen(
                0, SETTINGS.warmup().minus(MentionBuckets.STEP).toMillis());
        assertFalse(young.isSpike(100, SETTINGS), "the partition has not watched for the warm-up yet");
    }

    @Test
    void aKeyInASpikeRaisesNothingMoreUntilAWindowFallsBelowMeanPlusOneSpread() {
        long[] steady = new long[100];
        java.util.Arrays.fill(steady, 9);
        Baseline spiking = observed(steady).startSpike();
        assertFalse(spiking.isSpike(100, SETTINGS));
        Baseline still = spiking.observe(12, SETTINGS); // 9 + 3: not below mean + one spread
        assertTrue(still.inSpike());
        Baseline over = still.observe(11, SETTINGS);
        assertFalse(over.inSpike());
        assertTrue(over.isSpike(100, SETTINGS));
    }

    @Test
    void aWarmUpOfZeroLetsAFreshPartitionSpikeAtOnce() {
        TrendSettings none = new TrendSettings(4, 5, Duration.ofHours(3), Duration.ZERO);
        assertTrue(Baseline.firstSeen(0, 0).isSpike(5, none));
    }
}
