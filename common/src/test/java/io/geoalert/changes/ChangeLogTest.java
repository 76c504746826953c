package io.geoalert.changes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ChangeLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);

    /** A base note is its text; its version is the number after the last '@' (e.g. {@code hello@3}). */
    private final ChangeLog<NoteRecord, String> changes =
            new ChangeLog<>(NoteRecord.KIND, base(), ChangeLogTest::baseVersion, ChangeLogTest::validate, CLOCK);

    private long offset;

    private static Map<String, String> base() {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("b", "base b@0");
        base.put("a", "base a@3");
        return base;
    }

    private static int baseVersion(String note) {
        return Integer.parseInt(note.substring(note.lastIndexOf('@') + 1));
    }

    private static Verdict<String> validate(NoteRecord change) {
        if (change.note() == null) {
            return Verdict.refuse("neither a note nor a deletion");
        }
        return change.note().isBlank() ? Verdict.refuse("invalid note: blank") : Verdict.accept(change.note());
    }

    private RejectedRecord apply(String key, String json) {
        return changes.apply(new ConsumerRecord<>(
                NoteRecord.KIND.topic(),
                0,
                offset++,
                key,
                json == null ? null : json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String put(String id, int version, String note) {
        return "{\"id\":\"" + id + "\",\"version\":" + version
                + ",\"deleted\":false,\"changedAt\":\"2026-11-30T00:00:00Z\",\"note\":\"" + note + "\",\"writeId\":\"w"
                + version + "\"}";
    }

    private static String delete(String id, int version) {
        return "{\"id\":\"" + id + "\",\"version\":" + version
                + ",\"deleted\":true,\"changedAt\":\"2026-11-30T00:00:00Z\"}";
    }

    private String refusal(String key, String json) {
        RejectedRecord refused = apply(key, json);
        return refused == null ? null : refused.reason();
    }

    @Test
    void refusesAnUnreadableRecordInTheParsersWordsWithoutEchoingIt() {
        String reason = refusal("x", "{\"id\": \"x\", \"note\": nope}\n{\"id\": \"x\"}");
        assertTrue(reason.startsWith("unreadable: "), reason);
        assertFalse(reason.contains("{\"id\""), reason);
        assertFalse(reason.contains("\n"), reason);
        assertTrue(refusal("x", "[1, 2]").startsWith("unreadable: "));
    }

    @Test
    void refusesARecordWithoutAnIdNamingTheKindsNoun() {
        assertEquals("no note id", refusal("x", "{\"version\":2}"));
        assertEquals("no note id", refusal("x", "{\"id\":\" \",\"version\":2,\"note\":\"n\"}"));
        assertEquals("no note id", refusal("x", "null"));
    }

    @Test
    void refusesARecordWhoseKeyNamesAnotherIdButJudgesAKeylessOneByItsId() {
        assertEquals("key 'y' differs from the record's id 'x'", refusal("y", put("x", 1, "n")));
        assertNull(refusal(null, put("x", 1, "keyless")));
        assertEquals("keyless", changes.inForce().get("x"));
    }

    @Test
    void refusesAVersionBelowOneOrAtTheIntegerLimit() {
        assertEquals("version 0 is below 1", refusal("x", put("x", 0, "n")));
        assertEquals("version -4 is below 1", refusal("x", put("x", -4, "n")));
        assertEquals(
                "version is at the integer limit; no later change could be ordered after it",
                refusal("x", put("x", Integer.MAX_VALUE, "n")));
        assertEquals(0, changes.versionOf("x"));
    }

    @Test
    void versionsOnlyGrowSoTheFirstOfTwoWritersAtOneVersionWins() {
        assertNull(refusal("x", put("x", 1, "first")));
        assertEquals("version 1 is not above the version in force (1)", refusal("x", put("x", 1, "second")));
        assertEquals("first", changes.inForce().get("x"));
        assertEquals("w1", changes.latest("x").writeId());
        assertNull(refusal("x", put("x", 5, "fifth")), "a version may skip ahead");
        assertEquals("version 4 is not above the version in force (5)", refusal("x", put("x", 4, "late")));
        assertEquals("fifth", changes.inForce().get("x"));
        assertEquals(5, changes.versionOf("x"));
    }

    @Test
    void aChangeToABaseValueMustBeAboveItsBaseVersion() {
        assertEquals(3, changes.versionOf("a"));
        assertEquals("version 3 is not above the version in force (3)", refusal("a", put("a", 3, "n")));
        assertNull(refusal("a", put("a", 4, "changed a")));
        assertEquals("changed a", changes.inForce().get("a"));
    }

    @Test
    void refusesWhatTheKindRefusesAndKeepsTheValuesInForce() {
        Map<String, String> before = changes.inForce();
        assertEquals("neither a note nor a deletion", refusal("a", "{\"id\":\"a\",\"version\":4}"));
        assertEquals("invalid note: blank", refusal("a", put("a", 4, " ")));
        assertEquals(before, changes.inForce());
        assertEquals(3, changes.versionOf("a"), "a refused record moves no version");
        assertNull(refusal("a", put("a", 4, "fine")), "the version a refused record held is still free");
    }

    @Test
    void acceptedChangesOverlayTheBaseInItsOrderAndADeletionMarkerRemovesEvenABaseValue() {
        assertNull(refusal("new", put("new", 1, "added")));
        assertNull(refusal("b", put("b", 1, "changed b")));
        assertEquals(List.of("b", "a", "new"), List.copyOf(changes.inForce().keySet()));
        assertEquals("changed b", changes.inForce().get("b"));

        assertNull(refusal("a", delete("a", 4)));
        assertFalse(changes.inForce().containsKey("a"));
        assertEquals(4, changes.versionOf("a"), "the deletion holds the version");
        assertTrue(changes.latest("a").deleted());
        assertEquals("version 4 is not above the version in force (4)", refusal("a", put("a", 4, "back")));
        assertNull(refusal("a", put("a", 5, "back")));
        assertEquals("back", changes.inForce().get("a"));
        assertEquals(3, changes.changedIds());
    }

    @Test
    void aTombstoneForgetsTheIdsChangesAndTheBaseValueIsBack() {
        assertNull(refusal("a", delete("a", 4)));
        assertNull(refusal("new", put("new", 1, "added")));
        assertNull(refusal("a", null));
        assertNull(refusal("new", null));
        assertEquals(base(), changes.inForce());
        assertEquals(3, changes.versionOf("a"));
        assertEquals(0, changes.versionOf("new"));
        assertNull(changes.latest("a"));
        assertNull(refusal("never-seen", null), "a tombstone for an id never changed is nothing");
        assertNull(refusal(null, null));
        assertEquals(0, changes.rejectedTotal());
    }

    @Test
    void aChangeRefusedAfterItWasAcceptedIsForgottenAndListedWithoutAnOffset() {
        assertNull(refusal("a", put("a", 4, "does not work")));
        changes.refuse("a", "does not compile");
        assertEquals("base a@3", changes.inForce().get("a"));
        assertEquals(3, changes.versionOf("a"));
        RejectedRecord listed = changes.lastRejected();
        assertEquals(new RejectedRecord("a", -1, -1, CLOCK.instant(), "does not compile"), listed);
        assertEquals(1, changes.rejectedTotal());
    }

    @Test
    void listsTheLatestHundredRefusalsOldestFirstAndCountsThemAll() {
        for (int i = 0; i < ChangeLog.MAX_REJECTED_LISTED + 50; i++) {
            apply("x", "garbage " + i);
        }
        List<RejectedRecord> listed = changes.rejected();
        assertEquals(ChangeLog.MAX_REJECTED_LISTED, listed.size());
        assertEquals(50, listed.get(0).offset());
        assertEquals(ChangeLog.MAX_REJECTED_LISTED + 49, changes.lastRejected().offset());
        assertEquals(ChangeLog.MAX_REJECTED_LISTED + 50, changes.rejectedTotal());
        RejectedRecord one = listed.get(0);
        assertEquals("x", one.key());
        assertEquals(0, one.partition());
        assertEquals(CLOCK.instant(), one.seenAt());
    }
}
