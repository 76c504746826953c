package io.geoalert.streams.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsItemReader;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.testing.RequiresSharedData;
import io.geoalert.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled rules against the project's seed article and labelled dev set in ../shared. */
class DefaultRulePackTest {

    private final RuleMatcher matcher = RuleMatcher.compile(RulePack.defaults());

    private Set<String> categories(NewsItem item) {
        return matcher.match(item).hits().stream()
                .map(h -> h.rule().category())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    @RequiresSharedData("fixtures/tehran-times-iran-russia-roadmap.txt")
    void seedArticleRaisesAllFiveCategoriesEachWithMatchedTerms() throws IOException {
        String[] text = Files.readString(SharedData.path("fixtures/tehran-times-iran-russia-roadmap.txt"))
                .split("\n", 2);
        NewsItem item =
                new NewsItem("seed", "tehran-times", text[0], null, text[1], null, null, null, null, null, null);
        RuleMatcher.Result result = matcher.match(item);
        assertEquals(Set.of("sanctions", "snapback", "treaty", "nuclear", "military"), categories(item));
        result.hits()
                .forEach(hit -> assertTrue(!hit.matches().isEmpty(), hit.rule().id()));
        assertTrue(
                result.entities().containsAll(List.of("Iran", "Russia", "United Nations")),
                result.entities().toString());
    }

    @Test
    @RequiresSharedData("fixtures/labeled-dev.jsonl")
    void reachesPrecisionAndRecallOnTheLabelledDevSet() throws IOException {
        Map<String, int[]> counts = new TreeMap<>(); // category -> {tp, fp, fn}
        for (String line : Files.readAllLines(SharedData.path("fixtures/labeled-dev.jsonl"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = Json.MAPPER.readTree(line);
            Set<String> expected = new TreeSet<>();
            node.get("expect").forEach(c -> expected.add(c.asText()));
            Set<String> actual = categories(NewsItemReader.read(line.getBytes(StandardCharsets.UTF_8)));
            for (String c : union(expected, actual)) {
                int[] n = counts.computeIfAbsent(c, k -> new int[3]);
                if (expected.contains(c) && actual.contains(c)) {
                    n[0]++;
                } else if (actual.contains(c)) {
                    n[1]++;
                    System.out.printf(
                            "false positive %s on %s%n", c, node.get("id").asText());
                } else {
                    n[2]++;
                    System.out.printf("missed %s on %s%n", c, node.get("id").asText());
                }
            }
        }
        counts.forEach((category, n) -> {
            double precision = n[0] / (double) Math.max(1, n[0] + n[1]);
            double recall = n[0] / (double) Math.max(1, n[0] + n[2]);
            System.out.printf(
                    "%-10s precision %.2f recall %.2f (tp %d, fp %d, fn %d)%n",
                    category, precision, recall, n[0], n[1], n[2]);
            assertTrue(precision >= 0.95, category + " precision " + precision);
            assertTrue(recall >= 0.95, category + " recall " + recall);
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
