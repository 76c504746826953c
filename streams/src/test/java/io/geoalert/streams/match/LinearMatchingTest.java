package io.geoalert.streams.match;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7 asks that matching cost stay linear in the text: 1 MiB built to hit the worst cases
 * (one term over and over, a {@code near} pair over and over, false-friend phrases over and over)
 * matches in under a second with the default pack plus 1,000 rules. Before, {@code near} compared
 * every pair of mentions and each false friend copied the mask array, which took minutes here.
 * The bound is generous for a shared 2-core machine (each pattern is first run at 1/8 MiB so the JIT
 * has seen it, then the best of three runs counts); the benchmark module measures the real speed.
 */
class LinearMatchingTest {

    private static final int MIB = 1 << 20;
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

    private static String oneMiBOf(String unit) {
        return unit.repeat(MIB / unit.length());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sanctions ",
                "sanctions Iran ",
                "Iran treaty sanctions word7 ",
                "nuclear family ",
                "North Atlantic Treaty Organization ",
                "of his own accord snap vote "
            })
    void matchesOneMiBOfARepeatedPatternInUnderASecond(String unit) {
        matcher.match(item(oneMiBOf(unit).substring(0, MIB / 8)));
        NewsItem item = item(oneMiBOf(unit));
        long millis = Long.MAX_VALUE;
        RuleMatcher.Result result = null;
        for (int run = 0; run < 3; run++) {
            long started = System.nanoTime();
            result = matcher.match(item);
            millis = Math.min(millis, (System.nanoTime() - started) / 1_000_000);
        }
        System.out.printf(
                "[linear] 1 MiB of '%s': best of 3 %d ms, %d hits%n",
                unit.trim(), millis, result.hits().size());
        assertTrue(result.failures().isEmpty());
        assertTrue(millis < 1_000, "1 MiB of '" + unit.trim() + "' took " + millis + " ms");
    }
}
