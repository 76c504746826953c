package io.geoalert.streams.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static final String RULES = """
            rules:
              - id: sanctions-words
                category: sanctions
                severity: high
                any: [sanction, embargo]
              - id: treaty-words
                category: treaty
                severity: medium
                any: [treaty]
              - id: treaty-signed
                category: treaty
                severity: low
                all: [[sign], [accord]]
              - id: snapback-off
                category: snapback
                severity: critical
                enabled: false
                any: [snapback]
              - id: nuclear-words
                category: nuclear
                severity: low
                any: [uranium]
            """;

    private static final RuleMatcher MATCHER = RuleMatcher.compile(
            RulePack.parse(RULES.getBytes(StandardCharsets.UTF_8), "test").validated("test"));

    private static LabeledItem labeled(String id, String title, String body, String... expected) {
        NewsItem item =
                new NewsItem(id, "test", title, "https://example.org/" + id, body, null, null, "en", null, null, null);
        return new LabeledItem(item, Set.of(expected));
    }

    /**
     * sanctions: 3 expected, 2 found, 1 missed, 2 false alarms; treaty: 4 expected, 3 found, 1 missed;
     * nuclear: nothing expected, 1 false alarm; military: 1 expected, no rule; snapback: a disabled rule.
     */
    private static final List<LabeledItem> ITEMS = List.of(
            labeled("s1", "New sanctions on Acme", null, "sanctions"),
            labeled("s2", "Arms sales halted", "The embargo starts today.", "sanctions"),
            labeled("s3", "Tariffs rise on steel imports", null, "sanctions"),
            labeled("f1", "Football club sanctioned over fan trouble", null),
            labeled("t1", "Border treaty ratified", null, "treaty"),
            labeled("t2", "Leaders sign accord in Geneva", null, "treaty"),
            labeled("t3", "Treaty talks resume despite embargo", "The embargo stays.", "treaty"),
            labeled("t4", "Neighbours agree a pact on water", null, "treaty"),
            labeled("n1", "Uranium miner expands", null),
            labeled("m1", "Troops cross the border", null, "military"),
            labeled("x1", "Snapback of the weather", null));

    private static final Evaluation.Report REPORT = Evaluation.run(MATCHER, ITEMS);

    @Test
    void countsTruePositivesFalsePositivesAndFalseNegativesPerCategory() {
        assertEquals(11, REPORT.items());
        // the enabled rules' categories and the labels' categories, in order; not the disabled rule's
        assertEquals(
                List.of(
                        new Evaluation.CategoryScore("military", 1, 0, 0, 1),
                        new Evaluation.CategoryScore("nuclear", 0, 0, 1, 0),
                        new Evaluation.CategoryScore("sanctions", 3, 2, 2, 1),
                        new Evaluation.CategoryScore("treaty", 4, 3, 0, 1)),
                REPORT.categories());
    }

    @Test
    void scoresPrecisionRecallAndF1() {
        Evaluation.CategoryScore sanctions = REPORT.category("sanctions");
        assertEquals(0.5, sanctions.precision());
        assertEquals(2.0 / 3, sanctions.recall(), 1e-12);
        assertEquals(4.0 / 7, sanctions.f1(), 1e-12); // 2pr / (p + r) with p = 1/2, r = 2/3
        Evaluation.CategoryScore treaty = REPORT.category("treaty");
        assertEquals(1.0, treaty.precision());
        assertEquals(0.75, treaty.recall());
        assertEquals(6.0 / 7, treaty.f1(), 1e-12);
        assertEquals(0.0, new Evaluation.CategoryScore("c", 2, 0, 3, 2).f1(), "nothing right: 0, not NaN");
        assertThrows(IllegalArgumentException.class, () -> REPORT.category("weather"));
    }

    @Test
    void hasNoPrecisionWhenNothingFiredAndNoRecallWhenNothingWasExpected() throws Exception {
        Evaluation.CategoryScore military = REPORT.category("military"); // expected once, never raised
        assertNull(military.precision());
        assertEquals(0.0, military.recall());
        assertNull(military.f1());
        Evaluation.CategoryScore nuclear = REPORT.category("nuclear"); // raised once, never expected
        assertEquals(0.0, nuclear.precision());
        assertNull(nuclear.recall());
        assertNull(nuclear.f1());
        // the figures are in the JSON report (geoalert rules eval --json), null where there is none
        assertEquals(
                Json.MAPPER.readTree("{\"category\":\"military\",\"positives\":1,\"truePositives\":0,"
                        + "\"falsePositives\":0,\"falseNegatives\":1,\"precision\":null,\"recall\":0.0,\"f1\":null}"),
                Json.MAPPER.readTree(Json.toString(military)));

        Evaluation.Report empty = Evaluation.run(MATCHER, List.of());
        assertEquals(0, empty.items());
        for (Evaluation.CategoryScore c : empty.categories()) {
            assertNull(c.precision(), c.category());
            assertNull(c.recall(), c.category());
            assertNull(c.f1(), c.category());
        }
        assertEquals(List.of(), empty.shortfalls(1.0, 1.0), "no figure, nothing to fall short of");
    }

    @Test
    void scoresEachEnabledRuleByWhatItFiredOnAndTheShareOfItsCategoryItFound() {
        assertEquals(
                List.of(
                        new Evaluation.RuleScore("sanctions-words", "sanctions", 4, 2, 2, 2.0 / 3),
                        new Evaluation.RuleScore("treaty-words", "treaty", 2, 2, 0, 0.5),
                        new Evaluation.RuleScore("treaty-signed", "treaty", 1, 1, 0, 0.25),
                        new Evaluation.RuleScore("nuclear-words", "nuclear", 1, 0, 1, null)),
                REPORT.rules());
        Evaluation.RuleScore sanctions = REPORT.rules().get(0);
        assertEquals(0.5, sanctions.precision());
        assertEquals(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), sanctions.f1(), 1e-12);
        Evaluation.RuleScore nuclear = REPORT.rules().get(3);
        assertEquals(0.0, nuclear.precision());
        assertEquals(null, nuclear.f1(), "no figure for a category nobody expected");
    }

    @Test
    void explainsEachMissWithWhyTheCategorysRulesDidNotFire() {
        assertEquals(
                List.of(
                        new Evaluation.Mistake(
                                "miss",
                                "s3",
                                "Tariffs rise on steel imports",
                                "sanctions",
                                List.of("sanctions-words did not fire: "
                                        + "none of: no mention of 'sanction'; no mention of 'embargo'")),
                        new Evaluation.Mistake(
                                "miss",
                                "t4",
                                "Neighbours agree a pact on water",
                                "treaty",
                                List.of(
                                        "treaty-words did not fire: none of: no mention of 'treaty'",
                                        // the first part of its 'all' that fails
                                        "treaty-signed did not fire: none of: no mention of 'sign'")),
                        new Evaluation.Mistake("miss", "m1", "Troops cross the border", "military", List.of())),
                REPORT.misses());
    }

    @Test
    void namesTheRuleAndTheMatchedTextOfEachFalseAlarm() {
        assertEquals(
                List.of(
                        new Evaluation.Mistake(
                                "false alarm",
                                "f1",
                                "Football club sanctioned over fan trouble",
                                "sanctions",
                                List.of("sanctions-words fired on 'sanctioned' (title)")),
                        new Evaluation.Mistake(
                                "false alarm",
                                "t3",
                                "Treaty talks resume despite embargo",
                                "sanctions",
                                List.of("sanctions-words fired on 'embargo' (title), 'embargo' (body)")),
                        new Evaluation.Mistake(
                                "false alarm",
                                "n1",
                                "Uranium miner expands",
                                "nuclear",
                                List.of("nuclear-words fired on 'Uranium' (title)"))),
                REPORT.falseAlarms());
    }

    @Test
    void listsExactlyTheCategoriesUnderTheThresholds() {
        assertEquals(
                List.of(
                        "military recall 0.00 < 0.90",
                        "nuclear precision 0.00 < 0.90",
                        "sanctions precision 0.50 < 0.90",
                        "sanctions recall 0.67 < 0.90",
                        "treaty recall 0.75 < 0.90"),
                REPORT.shortfalls(0.9, 0.9));
        assertEquals(
                List.of("military recall 0.00 < 0.70", "sanctions recall 0.67 < 0.70"), REPORT.shortfalls(null, 0.7));
        // a figure equal to the threshold meets it
        assertEquals(List.of("nuclear precision 0.00 < 0.50"), REPORT.shortfalls(0.5, null));
        assertEquals(List.of(), REPORT.shortfalls(0.0, 0.0));
        assertEquals(List.of(), REPORT.shortfalls(null, null));
    }
}
