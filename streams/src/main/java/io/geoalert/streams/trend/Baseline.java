package io.geoalert.streams.trend;

/**
 * The usual hourly count of stories of one key, kept as exponentially weighted mean and variance of
 * the 1-hour window's count, updated at every 5-minute step ({@code lastStep} is the last step
 * observed, {@code steps} how many were). In the first steps each weighs {@code 1/steps} (a plain
 * average) until that falls to the settings' weight, so that a young baseline is an honest average
 * rather than one dragged towards zero.
 *
 * <p>The spread a count is measured in is the larger of the variance's root, the mean's root (a count
 * of independent stories varies at least that much: a Poisson count) and 1, so that a perfectly steady
 * key, whose variance tends to 0, does not spike on one story more than usual.
 *
 * <p>{@code inSpike} is the hysteresis: set when a spike is raised, cleared at the first step whose
 * window falls below mean + one spread; a key in a spike raises nothing more.
 */
public record Baseline(long lastStep, long steps, double mean, double variance, boolean inSpike) {

    /**
     * A key first seen at {@code step} on a partition that has counted since {@code since}: it had no
     * stories in every step between.
     */
    public static Baseline firstSeen(long since, long step) {
        return new Baseline(step, Math.max(0, (step - since) / MentionBuckets.STEP.toMillis()), 0, 0, false);
    }

    /**
     * The baseline after one more step whose window held {@code count} stories. Once warm, a count is
     * taken at most at the spike threshold (mean + z spreads): a burst then moves the baseline as a
     * count at the threshold would, so that a level that lasts is still learned, step by step, but one
     * burst does not inflate the variance and hide the next for hours.
     */
    public Baseline observe(long count, TrendSettings settings) {
        boolean stillInSpike = inSpike && count >= mean + spread();
        double weight = Math.max(settings.alpha(), 1.0 / (steps + 1));
        double taken = isWarm(settings) ? Math.min((double) count, mean + settings.zScore() * spread()) : count;
        double delta = taken - mean;
        return new Baseline(
                lastStep + MentionBuckets.STEP.toMillis(),
                steps + 1,
                mean + weight * delta,
                (1 - weight) * (variance + weight * delta * delta),
                stillInSpike);
    }

    /** What the z-score is measured in: see the class comment. */
    public double spread() {
        return Math.max(1.0, Math.max(Math.sqrt(variance), Math.sqrt(mean)));
    }

    public double zScore(long count) {
        return (count - mean) / spread();
    }

    /** True when a window of {@code count} stories starts a spike. */
    public boolean isSpike(long count, TrendSettings settings) {
        return !inSpike && isWarm(settings) && count >= settings.minCount() && zScore(count) >= settings.zScore();
    }

    /** True once the partition has watched for the warm-up. */
    public boolean isWarm(TrendSettings settings) {
        return steps * MentionBuckets.STEP.toMillis() >= settings.warmup().toMillis();
    }

    public Baseline startSpike() {
        return new Baseline(lastStep, steps, mean, variance, true);
    }
}
