package io.geoalert.streams.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulePackTest {

    private static RulePack parse(String yaml) {
        return RulePack.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
    }

    @Test
    void defaultPackIsValidAndCoversTheFiveCategories() {
        RulePack pack = RulePack.defaults();
        assertEquals(new HashSet<>(Topics.DEFAULT_CATEGORIES), pack.categories());
        assertTrue(pack.entities().containsKey("Iran"));
    }

    @Test
    void aRuleIsReadOnceIntoItsConditionWhichItsJsonLeavesOut() throws Exception {
        Rule rule = RulePack.readRule(
                "{\"id\":\"r\",\"category\":\"misc\",\"severity\":\"low\",\"any\":[\"oil\",{\"entity\":\"Iran\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(
                new Condition.All(
                        List.of(new Condition.Any(
                                List.of(new Condition.Term("oil", false, false), new Condition.Entity("Iran")),
                                java.util.Set.of(),
                                1)),
                        java.util.Set.of("title", "body")),
                rule.condition());
        String json = io.geoalert.model.Json.toString(rule);
        assertTrue(!json.contains("condition"), json);
        Rule again = io.geoalert.model.Json.MAPPER.readValue(json, Rule.class);
        assertEquals(rule, again);
        assertEquals(rule.condition(), rule.withVersion(7).condition());
        assertTrue(rule.problems().isEmpty(), rule.problems().toString());
    }

    @Test
    void anEntityWeightIsReadFromTheGazetteerAndDefaultsToOne() {
        RulePack pack = parse("""
                entities:
                  Iran: {type: state, aliases: [iran], weight: 2.0}
                  E3: {type: group, aliases: [e3], members: [France], weight: 1.5}
                  France: [france]
                rules:
                  - {id: r, category: misc, severity: low, any: [oil]}
                """).validated("test.yaml");
        assertEquals(2.0, pack.entities().get("Iran").weight());
        assertEquals(1.5, pack.entities().get("E3").weight());
        assertEquals(EntityDef.DEFAULT_WEIGHT, pack.entities().get("France").weight());
    }

    @Test
    void anEntityWeightOutOfRangeIsRefusedNamingTheEntity() {
        RulePack pack = parse("""
                entities:
                  Iran: {aliases: [iran], weight: 0}
                  Russia: {aliases: [russia], weight: 11}
                rules:
                  - {id: r, category: misc, severity: low, any: [oil]}
                """);
        assertEquals(
                List.of(
                        "entity 'Iran': 'weight' must be more than 0 and at most 10.0, was 0.0",
                        "entity 'Russia': 'weight' must be more than 0 and at most 10.0, was 11.0"),
                pack.problems());
    }

    @Test
    void listsEveryProblemNamingTheRule() {
        RulePack pack = parse("""
                rules:
                  - id: good
                    category: sanctions
                    severity: high
                    any: [sanction*]
                  - id: no-terms
                    category: sanctions
                    severity: low
                  - id: bad-category
                    category: "Not OK!"
                    severity: low
                    any: [x]
                  - id: good
                    category: treaty
                    severity: medium
                    any: [treaty]
                    fields: [headline]
                """);
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> pack.validated("test.yaml"));
        List<String> problems = e.problems();
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("rule 'no-terms'") && p.contains("'any' or 'all'")),
                problems.toString());
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("rule 'bad-category'") && p.contains("category")),
                problems.toString());
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("rule 'good'") && p.contains("used twice")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("unknown field 'headline'")), problems.toString());
    }

    @Test
    void unknownSeverityIsReportedWithItsLine() {
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> parse("""
                rules:
                  - id: r
                    category: sanctions
                    severity: urgent
                    any: [x]
                """));
        assertTrue(e.getMessage().startsWith("test.yaml:4"), e.getMessage());
        assertTrue(e.getMessage().contains("urgent"), e.getMessage());
    }

    @Test
    void misspelledKeyIsAnErrorNotSilence() {
        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> parse("""
                rules:
                  - id: r
                    category: sanctions
                    severity: low
                    anyy: [x]
                """));
        assertTrue(e.getMessage().contains("anyy"), e.getMessage());
    }
}
