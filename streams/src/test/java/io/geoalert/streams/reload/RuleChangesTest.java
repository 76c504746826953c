package io.geoalert.streams.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.changes.RejectedRecord;
import io.geoalert.model.Topics;
import io.geoalert.streams.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RuleChangesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
    private final RulePack base = RulePack.defaults();
    private final RuleChanges changes = new RuleChanges(base, 7, CLOCK);
    private long offset;

    private RejectedRecord apply(String key, String json) {
        return changes.apply(new ConsumerRecord<>(
                Topics.RULES, 0, offset++, key, json == null ? null : json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String put(String id, int version, String rule) {
        return "{\"id\":\"" + id + "\",\"version\":" + version
                + ",\"deleted\":false,\"changedAt\":\"2026-11-30T00:00:00Z\",\"rule\":" + rule + "}";
    }

    private static String rule(String id, String category) {
        return "{\"id\":\"" + id + "\",\"category\":\"" + category + "\",\"severity\":\"low\",\"any\":[\"quokka\"]}";
    }

    @Test
    void refusesEveryKindOfBadRecordAndKeepsTheRulesInForce() {
        int before = changes.inForce().rules().size();
        assertTrue(apply("x", "{not json").reason().startsWith("unreadable"));
        assertEquals("no rule id", apply("x", "{\"version\":2}").reason());
        assertEquals(
                "neither a rule nor a deletion",
                apply("x", "{\"id\":\"x\",\"version\":1,\"deleted\":false}").reason());
        assertTrue(apply(
                        "x",
                        put(
                                "x",
                                1,
                                "{\"id\":\"x\",\"category\":\"misc\",\"severity\":\"low\",\"all\":[{\"none\":[\"zzzz\"]}]}"))
                .reason()
                .contains("can fire without any mention"));
        assertTrue(apply("x", put("x", Integer.MAX_VALUE, rule("x", "misc")))
                .reason()
                .contains("integer limit"));
        assertTrue(apply("y", put("x", 1, rule("x", "misc"))).reason().contains("key 'y' differs"));
        assertTrue(apply("x", put("x", 1, rule("z", "misc"))).reason().contains("rule's id 'z'"));
        assertEquals(before, changes.inForce().rules().size());
        assertEquals(7, changes.rejected().size());
        assertEquals(7, changes.rejectedTotal());

        assertNull(apply("x", put("x", 1, rule("x", "misc"))), "a good record after bad ones is applied");
        assertEquals(before + 1, changes.inForce().rules().size());
    }

    @Test
    void versionsOnlyGrowSoTheFirstOfTwoWritersAtOneVersionWins() {
        assertNull(apply("q", put("q", 1, rule("q", "misc"))));
        RuleRecord first = changes.latest("q");
        RejectedRecord second = apply("q", put("q", 1, rule("q", "other")));
        assertNotNull(second);
        assertTrue(second.reason().contains("not above the version in force (1)"), second.reason());
        assertEquals(first, changes.latest("q"));
        assertEquals(
                "misc",
                changes.inForce().rules().stream()
                        .filter(r -> r.id().equals("q"))
                        .findFirst()
                        .orElseThrow()
                        .category());
    }

    @Test
    void aChangeToADefaultRuleMustBeAboveItsPackVersion() {
        String id = base.rules().get(0).id();
        int packVersion = base.rules().get(0).version();
        assertNotNull(apply(id, put(id, packVersion, rule(id, "misc"))));
        assertNull(apply(id, "{\"id\":\"" + id + "\",\"version\":" + (packVersion + 1) + ",\"deleted\":true}"));
        assertTrue(changes.inForce().rules().stream().noneMatch(r -> r.id().equals(id)));
        assertEquals(packVersion + 1, changes.versionOf(id));
    }

    @Test
    void refusesARuleThatWouldCreateMoreCategoriesThanAllowed() {
        int categories = changes.inForce().categories().size(); // the default pack's five
        for (int i = categories; i < 7; i++) {
            assertNull(apply("c" + i, put("c" + i, 1, rule("c" + i, "cat" + i))));
        }
        RejectedRecord refused = apply("c9", put("c9", 1, rule("c9", "cat9")));
        assertNotNull(refused);
        assertTrue(refused.reason().contains("at most 7 are allowed"), refused.reason());
        assertNull(apply("c10", put("c10", 1, rule("c10", "sanctions"))), "an existing category is always fine");
    }

    @Test
    void listsOnlyTheLatestHundredRefusals() {
        for (int i = 0; i < 150; i++) {
            apply("x", "garbage " + i);
        }
        List<RejectedRecord> listed = changes.rejected();
        assertEquals(RuleChanges.MAX_REJECTED_LISTED, listed.size());
        assertEquals(149, listed.get(listed.size() - 1).offset());
        assertEquals(150, changes.rejectedTotal());
    }
}
