package io.geoalert.consumer.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.changes.RejectedRecord;
import io.geoalert.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class SubscriptionChangesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
    private final Subscription configured = parse("{\"id\": \"configured\", \"channel\": {\"type\": \"terminal\"}}");
    private final SubscriptionChanges changes = new SubscriptionChanges(List.of(configured), CLOCK);
    private long offset;

    private static Subscription parse(String json) {
        return SubscriptionParser.parse(SubscriptionParser.json(json.getBytes(StandardCharsets.UTF_8)));
    }

    private RejectedRecord apply(String key, String json) {
        return changes.apply(new ConsumerRecord<>(
                Topics.SUBSCRIPTIONS, 0, offset++, key, json == null ? null : json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String put(String id, int version, String subscription) {
        return "{\"id\":\"" + id + "\",\"version\":" + version
                + ",\"deleted\":false,\"changedAt\":\"2026-11-30T00:00:00Z\",\"subscription\":" + subscription + "}";
    }

    private static String delete(String id, int version) {
        return "{\"id\":\"" + id + "\",\"version\":" + version
                + ",\"deleted\":true,\"changedAt\":\"2026-11-30T00:00:00Z\"}";
    }

    private static String file(String id, String path) {
        return "{\"id\":\"" + id + "\",\"channel\":{\"type\":\"file\",\"path\":\"" + path + "\"}}";
    }

    @Test
    void theConfiguredSubscriptionsAreInForceAtVersionZeroUntilTheTopicChangesThem() {
        assertEquals(List.of("configured"), List.copyOf(changes.inForce().keySet()));
        assertEquals(0, changes.versionOf("configured"));
        assertNull(apply("configured", put("configured", 1, file("configured", "desk.jsonl"))));
        Subscription changed = changes.inForce().get("configured");
        assertEquals(1, changed.version());
        assertEquals("file", changed.channel().type());
    }

    @Test
    void refusesEveryKindOfBadRecordAndKeepsTheSubscriptionsInForce() {
        var before = changes.inForce();
        assertTrue(apply("x", "{not json").reason().startsWith("unreadable"));
        assertEquals("no subscription id", apply("x", "{\"version\":2}").reason());
        assertEquals(
                "neither a subscription nor a deletion",
                apply("x", "{\"id\":\"x\",\"version\":1,\"deleted\":false}").reason());
        assertEquals(
                "invalid subscription: channel.url must be an http(s) URL; was 'ftp://x'",
                apply(
                                "x",
                                put(
                                        "x",
                                        1,
                                        "{\"id\":\"x\",\"channel\":{\"type\":\"webhook\",\"url\":\"ftp://x\","
                                                + "\"secrets\":[\"s\"]}}"))
                        .reason());
        assertTrue(apply("x", put("x", Integer.MAX_VALUE, file("x", "x.jsonl")))
                .reason()
                .contains("integer limit"));
        assertTrue(apply("x", put("x", 0, file("x", "x.jsonl"))).reason().contains("below 1"));
        assertTrue(apply("y", put("x", 1, file("x", "x.jsonl"))).reason().contains("key 'y' differs"));
        assertTrue(apply("x", put("x", 1, file("z", "x.jsonl"))).reason().contains("subscription's id 'z' differs"));
        assertEquals(before, changes.inForce());
        assertEquals(8, changes.rejectedTotal());
        assertEquals(8, changes.rejected().size());
    }

    @Test
    void aVersionNotAboveTheOneInForceIsRefusedSoTheFirstOfTwoWritersWins() {
        assertNull(apply("x", put("x", 1, file("x", "first.jsonl"))));
        RejectedRecord second = apply("x", put("x", 1, file("x", "second.jsonl")));
        assertEquals("version 1 is not above the version in force (1)", second.reason());
        assertEquals(
                "first.jsonl", changes.inForce().get("x").channel().settings().get("path"));
        assertNull(apply("x", put("x", 2, file("x", "third.jsonl"))));
        assertEquals(
                "third.jsonl", changes.inForce().get("x").channel().settings().get("path"));
    }

    @Test
    void aDeletionMarkerRemovesEvenAConfiguredSubscriptionAndOnlyALaterVersionBringsItBack() {
        assertNull(apply("configured", delete("configured", 1)));
        assertFalse(changes.inForce().containsKey("configured"));
        assertEquals(1, changes.versionOf("configured"));
        assertTrue(apply("configured", put("configured", 1, file("configured", "back.jsonl")))
                .reason()
                .startsWith("version 1 is not above"));
        assertFalse(changes.inForce().containsKey("configured"));
        assertNull(apply("configured", put("configured", 2, file("configured", "back.jsonl"))));
        assertEquals(2, changes.inForce().get("configured").version());
    }

    @Test
    void aTombstoneWrittenByHandForgetsTheChangesAndTheConfiguredEntryIsBack() {
        assertNull(apply("configured", delete("configured", 1)));
        assertNull(apply("configured", null));
        assertEquals(configured, changes.inForce().get("configured"));
        assertEquals(0, changes.versionOf("configured"));
    }

    @Test
    void theListOfRefusedRecordsIsBoundedButTheCountIsNot() {
        for (int i = 0; i < SubscriptionChanges.MAX_REJECTED_LISTED + 5; i++) {
            apply("x", "{not json");
        }
        assertEquals(SubscriptionChanges.MAX_REJECTED_LISTED, changes.rejected().size());
        assertEquals(SubscriptionChanges.MAX_REJECTED_LISTED + 5, changes.rejectedTotal());
    }

    @Test
    void anIdConfiguredTwiceIsABug() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new SubscriptionChanges(List.of(configured, configured), CLOCK));
        assertEquals("subscription id 'configured' is configured twice", e.getMessage());
    }
}
