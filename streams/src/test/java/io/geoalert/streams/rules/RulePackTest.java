package io.geoalert.streams.rules;

import io.geoalert.model.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(problems.stream().anyMatch(p -> p.contains("rule 'no-terms'") && p.contains("'any' or 'all'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("rule 'bad-category'") && p.contains("category")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("rule 'good'") && p.contains("used twice")), problems.toString());
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
