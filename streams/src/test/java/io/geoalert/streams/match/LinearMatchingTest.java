package io.geoalert.streams.match;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 7 asks that matching cost stay linear in the text, with the default pack plus 1,000 rules, on
 * text built to hit the worst cases: one term over and over, a {@code near} pair over and over,
 * false-friend phrases over and over. Before, {@code near} compared every pair of mentions and each
 * false friend copied the mask array, which took minutes on 1 MiB.
 *
 * <p>Each pattern is matched at a size and at eight times that size in the same run, and the larger
 * must cost less than {@value #SLACK} times the linear extrapolation: quadratic work costs 64 times as
 * much for eight times the text. Two scales, because rules look at most at
 * {@link RuleMatcher#MAX_MENTIONS_PER_TERM} mentions of a term: 120 and 960 repeats, below that cap,
 * where pairwise {@code near} would show; 1/8 MiB and 1 MiB, far past it, where the scan and the
 * false-friend spans still grow with the text. Cost is the test thread's CPU time, best of three, so
 * a loaded machine (which delays the thread, not its work) does not fail it. No absolute bound: the
 * benchmark module measures speed.
 */
class LinearMatchingTest {

    private static final int MIB = 1 << 20;
    private static final int GROWTH = 8;
    private static final int SLACK = 3;
    private static final int RUNS = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static RuleMatcher matcher;

    @BeforeAll
    static void compile() {
        RulePack defaults = RulePack.defaults();
        List<Rule> rules = new ArrayList<>(defaults.rules());
        for (int i = 0; i < 1_000; i++) {
            String json = "{\"id\":\"gen-" + i + "\",\"category\":\"gen\",\"severity\":\"low\",\"any\":[\"term" + i
                    + "\",{\"near\":[\"sanction\",{\"entity\":\"Iran\"}],\"within\":" + (1 + i % 20) + "},"
                    + "{\"near\":[\"treaty\",\"word" + i + "\"],\"within\":5}],\"none\":[\"nuclear family\"]}";
            try {
                rules.add(RulePack.readRule(json.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        RulePack pack = defaults.withRules(rules);
        assertTrue(pack.problems().isEmpty(), () -> pack.problems().toString());
        matcher = RuleMatcher.compile(pack);
        matcher.match(item("warm-up sanctions on Iran, nuclear family, treaty word1 ".repeat(2_000)));
    }

    private static NewsItem item(String body) {
        return new NewsItem("big", "test", "Sanctions on Iran", null, body, null, null, null, null, null, null);
    }

    /** A text built to hit a worst case: {@code first} repeated, then {@code then} repeated as often. */
    record Pattern(String first, String then) {
        String text(int repeats) {
            return first.repeat(repeats) + then.repeat(repeats);
        }

        int repeatsInOneMiB() {
            return MIB / (first.length() + then.length());
        }

        @Override
        public String toString() {
            return then.isEmpty() ? "'" + first.trim() + "'" : "'" + first.trim() + "' then '" + then.trim() + "'";
        }
    }

    static List<Pattern> patterns() {
        return List.of(
                new Pattern("sanctions ", ""),
                new Pattern("sanctions Iran ", ""),
                new Pattern("Iran treaty sanctions word7 ", ""),
                // every mention of one side of near is out of range of the other's: pairwise is all waste
                new Pattern("sanctions ", "Iran "),
                new Pattern("nuclear family ", ""),
                new Pattern("North Atlantic Treaty Organization ", ""),
                new Pattern("of his own accord snap vote ", ""));
    }

    @ParameterizedTest
    @MethodSource("patterns")
    void costGrowsLinearlyBelowTheMentionCap(Pattern pattern) {
        int repeats = 960; // each term stays under the cap
        assertLinear(pattern, pattern.text(repeats / GROWTH), pattern.text(repeats));
    }

    @ParameterizedTest
    @MethodSource("patterns")
    void costGrowsLinearlyUpToOneMiB(Pattern pattern) {
        int repeats = pattern.repeatsInOneMiB();
        assertLinear(pattern, pattern.text(repeats / GROWTH), pattern.text(repeats));
    }

    private static void assertLinear(Pattern pattern, String small, String large) {
        NewsItem smallItem = item(small);
        NewsItem largeItem = item(large);
        long smallNanos = Long.MAX_VALUE;
        long largeNanos = Long.MAX_VALUE;
        RuleMatcher.Result result = null;
        // interleaved, so that whatever the JIT or the machine does meanwhile falls on both sizes
        for (int run = 0; run < RUNS; run++) {
            long started = cpuTime();
            matcher.match(smallItem);
            long between = cpuTime();
            result = matcher.match(largeItem);
            long ended = cpuTime();
            smallNanos = Math.min(smallNanos, between - started);
            largeNanos = Math.min(largeNanos, ended - between);
        }
        double ratio = (double) largeNanos / Math.max(1, smallNanos);
        String measured = String.format(
                "%s %,d -> %,d chars: best of %d %.1f -> %.1f ms CPU, %.1fx for %dx the text",
                pattern, small.length(), large.length(), RUNS, smallNanos / 1e6, largeNanos / 1e6, ratio, GROWTH);
        System.out.println("[linear] " + measured);
        List<RuleMatcher.RuleFailure> failures = result.failures();
        assertTrue(failures.isEmpty(), failures::toString);
        assertTrue(!result.hits().isEmpty(), "nothing fired on " + measured);
        assertTrue(ratio < SLACK * GROWTH, measured + ": more than " + SLACK + "x linear");
    }

    /**
     * The thread's own CPU time where the JVM measures it (HotSpot on Linux does), else wall time: with
     * CPU timing supported but switched off the JVM answers -1, and every ratio would read 0.
     */
    private static long cpuTime() {
        return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()
                ? THREADS.getCurrentThreadCpuTime()
                : System.nanoTime();
    }
}
