package io.geoalert.streams.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleMatcherTest {

    private static final String GAZETTEER = """
            entities:
              Iran: {type: state, aliases: [iran, iranian, tehran, islamic republic]}
              France: {type: state, aliases: [france, french, paris]}
              Germany: {type: state, aliases: [germany, german, berlin]}
              United Kingdom: {type: state, aliases: [united kingdom, britain, uk]}
              E3: {type: group, aliases: [e3], members: [France, Germany, United Kingdom]}
              NATO: {type: organisation, aliases: [nato, north atlantic treaty organization]}
            falseFriends: [north atlantic treaty organization, of his own accord, snap vote]
            """;

    /** A matcher for one rule written in YAML after "- id: r". */
    private static RuleMatcher matcher(String ruleBody) {
        String yaml = GAZETTEER + "rules:\n  - id: r\n    category: test\n    severity: high\n"
                + ruleBody.stripIndent().lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
        return RuleMatcher.compile(RulePack.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml")
                .validated("test.yaml"));
    }

    private static NewsItem item(String title, String body) {
        return new NewsItem("i1", "src", title, "https://x.org/1", body, null, null, null, null, null, null);
    }

    private static boolean fires(RuleMatcher matcher, String title, String body) {
        return !matcher.match(item(title, body)).hits().isEmpty();
    }

    @Test
    void matchesWholeWordsOnly() {
        RuleMatcher sanction = matcher("any: [sanction]");
        assertFalse(fires(sanction, "A sanctimonious speech", ""));
        assertTrue(fires(sanction, "A new sanction", ""));
        assertFalse(fires(matcher("any: [ball]"), "Football results", ""));
    }

    @Test
    void coversInflectionsWithoutListingThem() {
        RuleMatcher sanction = matcher("any: [sanction]");
        for (String word : List.of("sanction", "sanctions", "sanctioned", "sanctioning", "SANCTIONS")) {
            assertTrue(fires(sanction, "", "They were " + word + " today"), word);
        }
        assertTrue(fires(matcher("any: [treaty]"), "Two treaties signed", ""));
        assertTrue(fires(matcher("any: [reimpose]"), "", "UN sanctions reimposed"));
        assertTrue(fires(matcher("any: [snap back]"), "", "sanctions snapped back"));
    }

    @Test
    void exactTermsAndPrefixesAreAvailable() {
        RuleMatcher exact = matcher("any: ['=sanction']");
        assertTrue(fires(exact, "One sanction", ""));
        assertFalse(fires(exact, "Two sanctions", ""));
        assertTrue(fires(matcher("any: [enrich*]"), "", "enrichment rose"));
    }

    @Test
    void spellingVariantsAcrossHyphenSpaceAndNoneMatch() {
        RuleMatcher snap = matcher("any: [snap back]");
        assertTrue(fires(snap, "", "a bid to snap-back sanctions"));
        assertTrue(fires(snap, "", "the snapback of sanctions"));
        assertTrue(fires(snap, "", "to Snap  Back the measures"));
        assertFalse(fires(snap, "", "a snap poll, then back to work"));
    }

    @Test
    void foldsCaseQuotesDiacriticsAndFullWidthForms() {
        RuleMatcher iran = matcher("any: [iran]");
        assertTrue(fires(iran, "ＩＲＡＮ talks", ""));
        assertTrue(fires(iran, "Iran’s envoy", ""));
        assertTrue(fires(matcher("any: [reuters]"), "Réuters", ""));
    }

    @Test
    void nestedGroupsCombineAnyAllAndNone() {
        RuleMatcher snapback = matcher("""
                all:
                  - any: [snapback, reimpose]
                  - any: [sanction]
                  - any: [{entity: Iran}, un, security council]
                none:
                  - any: [hat, cap, fashion]
                """);
        assertTrue(fires(snapback, "UN to reimpose sanctions on Iran", ""));
        assertFalse(fires(snapback, "US to reimpose sanctions on Venezuela", ""));
        assertFalse(fires(snapback, "Snapback caps: sanctions on Iran-themed fashion", ""));
    }

    @Test
    void proximityNeedsTheTermsWithinNWords() {
        RuleMatcher near = matcher("all: [{near: [reimpose, un sanctions], within: 3}]");
        assertTrue(fires(near, "", "They will reimpose all UN sanctions next month."));
        assertFalse(fires(
                near,
                "",
                "They will reimpose tariffs. Separately, the talks on the many earlier UN sanctions stalled."));
    }

    @Test
    void fieldScopeAndMinimumMentions() {
        RuleMatcher titleOnly = matcher("any: [treaty]\nfields: [title]");
        assertFalse(fires(titleOnly, "Talks go on", "a treaty is near"));
        assertTrue(fires(titleOnly, "Treaty signed", ""));
        RuleMatcher twice = matcher("any: [{any: [sanction], min: 2}]");
        assertFalse(fires(twice, "", "one sanction"));
        assertTrue(fires(twice, "Sanctions", "more sanctions"));
        RuleMatcher bodyGroup = matcher("all: [{any: [treaty], fields: [body]}]");
        assertFalse(fires(bodyGroup, "Treaty", "nothing"));
    }

    @Test
    void leadScopeSeesOnlyTheBodysOpeningWords() {
        String filler = " the market".repeat(Rule.LEAD_WORDS / 2);
        RuleMatcher lead = matcher("any: [treaty]\nfields: [title, lead]");
        assertTrue(fires(lead, "Talks go on", "A treaty was signed" + filler));
        assertTrue(fires(lead, "Treaty signed", filler));
        assertFalse(fires(lead, "Talks go on", filler + " and a treaty was mentioned"));
        RuleMatcher leadOnly = matcher("all: [{any: [treaty], fields: [lead]}]");
        assertFalse(fires(leadOnly, "Treaty", "nothing"));
        // a term spanning the lead's last word and the next is past the lead
        String thirtyNine = " word".repeat(Rule.LEAD_WORDS - 1);
        assertTrue(fires(matcher("any: [treaty]\nfields: [lead]"), "", thirtyNine.substring(1) + " treaty"));
        assertFalse(
                fires(matcher("any: [peace treaty]\nfields: [lead]"), "", thirtyNine.substring(1) + " peace treaty"));
    }

    @Test
    void entityConditionsUseTheGazetteerAndGroups() {
        RuleMatcher iran = matcher("all: [{entity: Iran}, sanction]");
        assertTrue(fires(iran, "Tehran rejects sanctions", ""));
        assertFalse(fires(iran, "Caracas rejects sanctions", ""));
        RuleMatcher france = matcher("all: [{entity: France}, sanction]");
        assertTrue(fires(france, "The E3 push for sanctions", ""), "the E3 names France");
        RuleMatcher state = matcher("all: [{entityType: state}, sanction]");
        assertTrue(fires(state, "Britain widens sanctions", ""));
        assertFalse(fires(state, "NATO discusses sanctions", ""));
    }

    @Test
    void entityConditionsTakeFieldScopeAndMinimumMentions() {
        RuleMatcher inTitle = matcher("all: [{entityType: state, fields: [title]}, sanction]");
        assertFalse(fires(inTitle, "Talks on sanctions", "Iran rejects them"));
        assertTrue(fires(inTitle, "Iran rejects sanctions", ""));
        RuleMatcher twice = matcher("all: [{entity: Iran, min: 2}, sanction]");
        assertFalse(fires(twice, "Sanctions on Iran", ""));
        assertTrue(fires(twice, "Sanctions on Iran", "Tehran rejects them"));
    }

    @Test
    void entityConditionsCountEveryAliasTheItemNamesInAnyOrder() {
        // the item names the states against the gazetteer's order, one of them twice, among other entities
        RuleMatcher three = matcher("all: [{entityType: state, min: 4}, sanction]");
        RuleMatcher.Result result =
                three.match(item("Britain, Germany and NATO back sanctions", "Paris and Berlin agree; Iran objects."));
        assertEquals(1, result.hits().size());
        assertEquals(
                List.of("Britain", "Germany", "sanctions", "Paris", "Berlin", "Iran"),
                result.hits().get(0).matches().stream().map(Alert.Match::text).toList());
        assertFalse(fires(three, "Britain, Germany and NATO back sanctions", "Paris agrees."), "three mentions");
    }

    @Test
    void reportsEntitiesWithGroupMembers() {
        RuleMatcher.Result result = matcher("any: [sanction]").match(item("E3 and Iran: sanctions", ""));
        assertEquals(List.of("Iran", "France", "Germany", "United Kingdom", "E3"), result.entities());
    }

    @Test
    void falseFriendsNeverCountAsMatches() {
        RuleMatcher treaty = matcher("any: [treaty]");
        assertFalse(fires(treaty, "North Atlantic Treaty Organization meets", ""));
        assertTrue(fires(treaty, "North Atlantic Treaty Organization members sign treaty", ""));
        assertFalse(fires(matcher("any: [accord]"), "", "He left of his own accord."));
        assertTrue(fires(matcher("any: [accord]"), "", "The accord was signed."));
        RuleMatcher.Result nato = matcher("any: [meets]").match(item("North Atlantic Treaty Organization meets", ""));
        assertEquals(List.of("NATO"), nato.entities(), "the false friend still names its entity");
    }

    @Test
    void reportsFieldAndOffsetsOfTheOriginalText() {
        String body = "Ministers said the sanctions would stay.";
        Alert.Match match = matcher("any: [sanction]")
                .match(item("Nothing here", body))
                .hits()
                .get(0)
                .matches()
                .get(0);
        assertEquals("body", match.field());
        assertEquals("sanctions", body.substring(match.start(), match.end()));
        assertEquals("sanctions", match.text());
        assertEquals("sanction", match.term());
    }

    @Test
    void explainsWhyARuleDidNotFire() {
        RuleMatcher rule = matcher("""
                all:
                  - any: [sanction]
                  - any: [oil, gas]
                none: [doping]
                """);
        RuleMatcher.Explanation missing =
                rule.explain(item("Sanctions on banks", "")).get(0);
        assertFalse(missing.fired());
        assertEquals("none of: no mention of 'oil'; no mention of 'gas'", missing.reason());
        RuleMatcher.Explanation excluded =
                rule.explain(item("Sanctions for doping", "oil")).get(0);
        assertEquals("excluded by 'doping' in title at 14", excluded.reason());
        assertTrue(rule.explain(item("Oil sanctions", "")).get(0).fired());
    }

    @Test
    void skipsDisabledRules() {
        assertFalse(fires(matcher("enabled: false\nany: [treaty]"), "Treaty", ""));
    }
}
