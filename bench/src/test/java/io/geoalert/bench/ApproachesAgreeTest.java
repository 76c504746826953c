package io.geoalert.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.streams.match.RuleMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark compares like with like only if the three matchers fire the same rules. */
class ApproachesAgreeTest {

    @Test
    void geoalertLuceneMonitorAndRegexFireTheSameRulesOnTheGeneratedCorpus() throws Exception {
        SyntheticCorpus corpus = SyntheticCorpus.generate(300, 60, 7);
        RuleMatcher matcher = RuleMatcher.compile(corpus.pack());
        long hits = corpus.items.stream()
                .mapToLong(i -> matcher.match(i).hits().size())
                .sum();
        assertTrue(hits > 60, "the corpus must make rules fire to compare anything, got " + hits);
        try (Matchers.LuceneMonitor lucene = new Matchers.LuceneMonitor(corpus.rules)) {
            List<String> disagreements = Matchers.disagreements(
                    corpus.items, Matchers.geoalert(matcher), lucene, new Matchers.RegexPerRule(corpus.rules));
            assertEquals(List.of(), disagreements);
        }
    }

    @Test
    void itemsAreAboutFourKilobytes() {
        SyntheticCorpus corpus = SyntheticCorpus.generate(10, 20, 1);
        corpus.items.forEach(i -> assertTrue(
                i.body().length() >= 4000 && i.body().length() < 4600,
                "" + i.body().length()));
    }
}
