package io.geoalert.streams.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every rule that passes validation, matching never throws and every alert can point to its
 * evidence; and the O(n log n) proximity test agrees with comparing every pair.
 */
class MatcherProperties {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String GAZETTEER = """
            entities:
              Iran: {type: state, aliases: [iran, iranian, tehran]}
              France: {type: state, aliases: [france, french, paris]}
              E3: {type: group, aliases: [e3], members: [France]}
              NATO: {type: organisation, aliases: [nato, north atlantic treaty organization]}
            falseFriends: [north atlantic treaty organization, of his own accord, snap vote, nuclear family]
            rules: []
            """;
    private static final RulePack BASE = RulePack.parse(GAZETTEER.getBytes(StandardCharsets.UTF_8), "gazetteer.yaml");
    private static final List<String> TERMS = List.of(
            "absent",
            "missing",
            "sanction",
            "iran",
            "treaty",
            "snap back",
            "nuclear",
            "oil",
            "=uk",
            "sanct*",
            "accord",
            "vote",
            "family",
            "nato",
            "e3",
            "x");
    private static final List<String> WORDS = List.of(
            "sanctions",
            "Iran",
            "iranian",
            "treaty",
            "snap",
            "back",
            "snapback",
            "nuclear",
            "family",
            "oil",
            "UK",
            "accord",
            "of",
            "his",
            "own",
            "vote",
            "NATO",
            "North",
            "Atlantic",
            "Treaty",
            "Organization",
            "E3",
            "Paris",
            "the",
            "a",
            "and",
            "-",
            ",",
            ".",
            "«",
            "é",
            "sanctioned",
            "x",
            "\n");

    @Property(tries = 400)
    void matchingAValidRuleNeverThrowsAndEveryAlertShowsItsEvidence(
            @ForAll("rules") JsonNode ruleJson, @ForAll("texts") String title, @ForAll("texts") String body)
            throws Exception {
        Rule rule = RulePack.readRule(ruleJson.toString().getBytes(StandardCharsets.UTF_8));
        RulePack pack = BASE.withRules(List.of(rule));
        Assume.that(pack.problems().isEmpty());
        RuleMatcher matcher = RuleMatcher.compile(pack);
        NewsItem item =
                new NewsItem("i", "s", title.isEmpty() ? "t" : title, null, body, null, null, null, null, null, null);

        RuleMatcher.Result result = matcher.match(item);
        assertTrue(result.failures().isEmpty(), () -> "rule failed: " + result.failures());
        for (RuleMatcher.Hit hit : result.hits()) {
            Alert alert = AlertFactory.create(item, hit, result.entities(), Instant.EPOCH);
            assertFalse(alert.matches().isEmpty(), "an alert without evidence from " + ruleJson);
            assertFalse(alert.snippet().isBlank());
            for (Alert.Match m : alert.matches()) {
                String text = m.field().equals("title") ? item.title() : item.body();
                assertEquals(text.substring(m.start(), m.end()), m.text());
            }
        }
        assertEquals(1, matcher.explain(item).size());
    }

    @Property(tries = 1000)
    void proximityAgreesWithComparingEveryPair(
            @ForAll("mentions") List<Occurrence> left,
            @ForAll("mentions") List<Occurrence> right,
            @ForAll("within") int within) {
        List<Occurrence> expected = new ArrayList<>();
        for (Occurrence a : left) {
            if (right.stream().anyMatch(b -> close(a, b, within))) {
                expected.add(a);
            }
        }
        boolean any = !expected.isEmpty();
        for (Occurrence b : right) {
            if (any && left.stream().anyMatch(a -> close(a, b, within))) {
                expected.add(b);
            }
        }
        List<Occurrence> actual = Proximity.within(left, right, within);
        assertEquals(sorted(expected), sorted(actual));
    }

    private static boolean close(Occurrence a, Occurrence b, int within) {
        int gap = Math.max(a.firstToken(), b.firstToken()) - Math.min(a.lastToken(), b.lastToken()) - 1;
        return a.field() == b.field() && gap <= within;
    }

    private static List<String> sorted(List<Occurrence> mentions) {
        return mentions.stream().map(Object::toString).sorted().toList();
    }

    @Provide
    Arbitrary<Integer> within() {
        return Arbitraries.integers().between(0, 6);
    }

    @Provide
    Arbitrary<List<Occurrence>> mentions() {
        Arbitrary<Occurrence> one = Combinators.combine(
                        Arbitraries.integers().between(0, 1),
                        Arbitraries.integers().between(0, 40),
                        Arbitraries.integers().between(0, 3))
                .as((field, first, length) ->
                        new Occurrence(7, field, first, first + length, first * 5, (first + length) * 5 + 4));
        return one.list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of(WORDS).list().ofMaxSize(80).map(words -> String.join(" ", words));
    }

    @Provide
    Arbitrary<JsonNode> rules() {
        Arbitrary<JsonNode> condition = condition(3);
        Arbitrary<List<JsonNode>> some = Arbitraries.oneOf(
                Arbitraries.just(List.of()), condition.list().ofMinSize(1).ofMaxSize(3));
        return Combinators.combine(
                        some,
                        some,
                        condition.list().ofMaxSize(2),
                        Arbitraries.of("", "title", "body", "lead"),
                        Arbitraries.integers().between(1, 3))
                .as((any, all, none, fields, min) -> {
                    ObjectNode rule = JSON.objectNode()
                            .put("id", "p")
                            .put("category", "prop")
                            .put("severity", "low");
                    rule.set("any", array(any));
                    rule.set("all", array(all));
                    rule.set("none", array(none));
                    if (!fields.isEmpty()) {
                        rule.set("fields", JSON.arrayNode().add(fields));
                    }
                    rule.put("minMentions", min);
                    return rule;
                });
    }

    private Arbitrary<JsonNode> condition(int depth) {
        Arbitrary<JsonNode> term = Arbitraries.of(TERMS).map(t -> (JsonNode) JSON.textNode(t));
        Arbitrary<JsonNode> entity = Arbitraries.of("Iran", "E3", "NATO", "France")
                .map(e -> (JsonNode) JSON.objectNode().put("entity", e));
        Arbitrary<JsonNode> entityType = Arbitraries.of("state", "group")
                .map(t -> (JsonNode) JSON.objectNode().put("entityType", t));
        if (depth == 0) {
            return Arbitraries.oneOf(term, entity, entityType);
        }
        Arbitrary<JsonNode> child = Arbitraries.lazy(() -> condition(depth - 1));
        Arbitrary<JsonNode> group = Combinators.combine(
                        Arbitraries.of("any", "all", "none"),
                        child.list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of("", "title", "body", "lead"),
                        Arbitraries.integers().between(1, 3))
                .as((kind, children, field, min) -> {
                    ObjectNode node = JSON.objectNode();
                    node.set(kind, array(children));
                    if (!field.isEmpty()) {
                        node.set("fields", JSON.arrayNode().add(field));
                    }
                    if (kind.equals("any")) {
                        node.put("min", min);
                    }
                    return node;
                });
        Arbitrary<JsonNode> near = Combinators.combine(
                        child, child, Arbitraries.integers().between(1, 5))
                .as((a, b, within) -> {
                    ObjectNode node = JSON.objectNode();
                    node.set("near", JSON.arrayNode().add(a).add(b));
                    node.put("within", within);
                    return node;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, term),
                net.jqwik.api.Tuple.of(1, entity),
                net.jqwik.api.Tuple.of(1, entityType),
                net.jqwik.api.Tuple.of(3, group),
                net.jqwik.api.Tuple.of(2, near));
    }

    private static ArrayNode array(List<JsonNode> nodes) {
        ArrayNode out = JSON.arrayNode();
        nodes.forEach(out::add);
        return out;
    }
}
