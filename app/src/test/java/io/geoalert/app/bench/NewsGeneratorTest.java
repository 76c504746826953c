package io.geoalert.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.story.StoryFingerprint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The benchmark's news: realistic size and share of alerts, and stories that do not merge. */
class NewsGeneratorTest {

    private static final int ITEMS = 4_000;

    private final NewsGenerator generator = new NewsGenerator(42, 50);
    private final List<NewsItem> items = generate();

    private List<NewsItem> generate() {
        List<NewsItem> out = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            out.add(generator.next("t-", Instant.parse("2026-11-30T08:00:00Z")));
        }
        return out;
    }

    @Test
    void itemsAreAboutTwoKilobytesOfJson() {
        double average =
                items.stream().mapToInt(i -> Json.toBytes(i).length).average().orElseThrow();
        assertTrue(average > 1_800 && average < 2_400, "average size " + average);
    }

    @Test
    void aQuarterOrSoRaiseAlertsInDefaultAndGeneratedCategories() {
        RulePack pack = RulePack.parse(generator.ruleFile().getBytes(StandardCharsets.UTF_8), "bench")
                .validated("bench");
        assertEquals(RulePack.defaults().rules().size() + 50, pack.rules().size());
        RuleMatcher matcher = RuleMatcher.compile(pack);
        Set<String> categories = new TreeSet<>();
        int alerting = 0;
        for (NewsItem item : items) {
            RuleMatcher.Result result = matcher.match(item);
            assertTrue(result.failures().isEmpty(), result.failures().toString());
            if (!result.hits().isEmpty()) {
                alerting++;
                result.hits().forEach(h -> categories.add(h.rule().category()));
            }
        }
        double share = alerting / (double) ITEMS;
        assertTrue(share >= 0.2 && share <= 0.3, "alerting share " + share);
        assertTrue(
                categories.containsAll(Set.of("sanctions", "snapback", "treaty", "nuclear", "military", "watchlist")),
                categories.toString());
    }

    @Test
    void noTwoItemsAreOneStoryAndStoryKeysSpread() {
        Map<String, List<StoryFingerprint>> byKey = new HashMap<>();
        for (NewsItem item : items) {
            StoryFingerprint fingerprint = StoryFingerprint.of(item.title(), item.body());
            List<StoryFingerprint> sameKey = byKey.computeIfAbsent(fingerprint.key(), k -> new ArrayList<>());
            for (StoryFingerprint earlier : sameKey) {
                assertTrue(!earlier.sameStoryAs(fingerprint), "one story: " + item.title());
            }
            sameKey.add(fingerprint);
        }
        int biggest = byKey.values().stream().mapToInt(List::size).max().orElseThrow();
        assertTrue(biggest <= ITEMS * 0.04, "the biggest story key holds " + biggest + " of " + ITEMS);
    }

    @Test
    void theSameSeedGivesTheSameItems() {
        NewsGenerator again = new NewsGenerator(42, 50);
        for (int i = 0; i < 100; i++) {
            assertEquals(items.get(i), again.next("t-", Instant.parse("2026-11-30T08:00:00Z")));
        }
    }
}
