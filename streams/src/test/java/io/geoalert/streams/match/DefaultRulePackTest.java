package io.geoalert.streams.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.NewsItem;
import io.geoalert.producer.corpus.Corpus;
import io.geoalert.streams.eval.Evaluation;
import io.geoalert.streams.eval.LabeledItems;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.testing.RequiresSharedData;
import io.geoalert.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The bundled rules measured the way an analyst would: on the seed article, the labeled dev set,
 * the project's written snapback cases, and both halves of the evaluation set in {@code eval/}
 * (real news from ../shared/corpora, labeled by the guide; the test half was never used to choose
 * terms).
 */
class DefaultRulePackTest {

    private static final Path EVAL = Path.of("..", "eval");

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
        Evaluation.Report report = evaluate(SharedData.path("fixtures/labeled-dev.jsonl"));
        assertEquals(List.of(), report.shortfalls(0.95, 0.95), () -> describe(report));
    }

    @Test
    void findsSnapbackToldInTheMechanismsOwnWordsAndNotItsLookAlikes() throws IOException {
        Evaluation.Report report = evaluate(EVAL.resolve("written/snapback.jsonl"));
        Evaluation.CategoryScore snapback = report.category("snapback");
        assertEquals(8, snapback.positives());
        assertEquals(8, snapback.truePositives(), () -> describe(report));
        assertEquals(0, snapback.falsePositives(), () -> describe(report));
    }

    private Evaluation.Report evaluate(Path... files) throws IOException {
        Corpus corpus = new Corpus(SharedData.root()
                .map(root -> root.resolve("corpora"))
                .orElse(Path.of("..", "..", "shared", "corpora")));
        List<io.geoalert.streams.eval.LabeledItem> items = new ArrayList<>();
        for (Path file : files) {
            items.addAll(LabeledItems.read(file, corpus::item));
        }
        return Evaluation.run(matcher, items);
    }

    private static String describe(Evaluation.Report report) {
        StringBuilder out = new StringBuilder();
        report.categories()
                .forEach(c -> out.append(String.format(
                        "%n%-10s positives %3d  precision %s  recall %s",
                        c.category(), c.positives(), c.precision(), c.recall())));
        report.misses()
                .forEach(m -> out.append("\nmissed ")
                        .append(m.category())
                        .append(" on ")
                        .append(m.item()));
        report.falseAlarms()
                .forEach(m -> out.append("\nfalse alarm ")
                        .append(m.category())
                        .append(" on ")
                        .append(m.item()));
        return out.toString();
    }
}
