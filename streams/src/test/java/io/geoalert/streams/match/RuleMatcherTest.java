package io.geoalert.streams.match;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.model.Severity;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleMatcherTest {

    private static Rule rule(String id, List<String> any, List<List<String>> all, List<String> none) {
        return new Rule(id, "test", Severity.HIGH, null, true, 1, any, all, none, null);
    }

    private static NewsItem item(String title, String body) {
        return new NewsItem("i1", "src", title, "https://x.org/1", body, null, null, null, null, null, null);
    }

    private static List<String> firing(RulePack pack, NewsItem item) {
        return RuleMatcher.compile(pack).match(item).hits().stream().map(h -> h.rule().id()).toList();
    }

    private static List<String> firing(Rule rule, String title, String body) {
        return firing(new RulePack(Map.of(), List.of(rule)), item(title, body));
    }

    @Test
    void matchesWholeWordsOnly() {
        Rule sanction = rule("s", List.of("sanction"), null, null);
        assertEquals(List.of(), firing(sanction, "A sanctimonious speech", ""));
        assertEquals(List.of("s"), firing(sanction, "A new sanction", ""));
        Rule ball = rule("b", List.of("ball"), null, null);
        assertEquals(List.of(), firing(ball, "Football results", ""));
    }

    @Test
    void aTrailingStarCoversInflections() {
        Rule sanction = rule("s", List.of("sanction*"), null, null);
        for (String word : List.of("sanction", "sanctions", "sanctioned", "sanctioning")) {
            assertEquals(List.of("s"), firing(sanction, "", "They were " + word + " today"), word);
        }
    }

    @Test
    void phrasesMatchAcrossHyphensAndPunctuation() {
        Rule snap = rule("sb", List.of("snap back"), null, null);
        assertEquals(List.of("sb"), firing(snap, "", "a bid to snap-back sanctions"));
        assertEquals(List.of("sb"), firing(snap, "", "to Snap  Back the measures"));
        assertEquals(List.of(), firing(snap, "", "a snap vote, then back to work"));
    }

    @Test
    void foldsCaseDiacriticsAndFullWidthForms() {
        Rule iran = rule("ir", List.of("iran"), null, null);
        assertEquals(List.of("ir"), firing(iran, "ＩＲＡＮ talks", ""));
        assertEquals(List.of("ir"), firing(iran, "Iran’s envoy", ""));
        Rule accord = rule("ac", List.of("reuters"), null, null);
        assertEquals(List.of("ac"), firing(accord, "Réuters", ""));
    }

    @Test
    void noneTermsVetoTheRule() {
        Rule sanctions = rule("s", List.of("sanction*"), null, List.of("doping"));
        assertEquals(List.of(), firing(sanctions, "Sprinter sanctioned", "after a doping test"));
        assertEquals(List.of("s"), firing(sanctions, "Sanctions on oil", "no sport here"));
    }

    @Test
    void everyAllGroupMustBeMet() {
        Rule snapback = rule("sb", null, List.of(List.of("snapback", "reimpos*"), List.of("sanction*")), null);
        assertEquals(List.of(), firing(snapback, "Snapback hats are back", ""));
        assertEquals(List.of("sb"), firing(snapback, "UN to reimpose sanctions", ""));
    }

    @Test
    void reportsFieldAndOffsetsOfTheOriginalText() {
        String body = "Ministers said the sanctions would stay.";
        RuleMatcher.Result result = RuleMatcher.compile(new RulePack(Map.of(), List.of(rule("s", List.of("sanction*"), null, null))))
                .match(item("Nothing here", body));
        Alert.Match match = result.hits().get(0).matches().get(0);
        assertEquals("body", match.field());
        assertEquals("sanctions", body.substring(match.start(), match.end()));
        assertEquals("sanctions", match.text());
        assertEquals("sanction*", match.term());
    }

    @Test
    void looksOnlyInTheRuleFields() {
        Rule titleOnly = new Rule("t", "test", Severity.LOW, null, true, 1, List.of("treaty"), null, null, List.of("title"));
        assertEquals(List.of(), firing(titleOnly, "Talks go on", "a treaty is near"));
        assertEquals(List.of("t"), firing(titleOnly, "Treaty signed", ""));
    }

    @Test
    void resolvesEntitiesFromAliases() {
        RulePack pack = new RulePack(Map.of("Iran", List.of("iran", "iranian*", "tehran"), "Chile", List.of("chile")),
                List.of(rule("s", List.of("sanction*"), null, null)));
        RuleMatcher.Result result = RuleMatcher.compile(pack).match(item("Tehran rejects sanctions", "Iranian officials said"));
        assertEquals(List.of("Iran"), result.entities());
    }

    @Test
    void skipsDisabledRules() {
        Rule off = new Rule("off", "test", Severity.LOW, null, false, 1, List.of("treaty"), null, null, null);
        assertTrue(firing(off, "Treaty", "").isEmpty());
    }
}
