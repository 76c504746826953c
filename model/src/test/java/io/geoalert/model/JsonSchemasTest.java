package io.geoalert.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The published JSON Schemas accept what geoalert writes, refuse what it refuses, and name every record field. */
class JsonSchemasTest {

    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema NEWS_ITEM = load("/schema/news-item.schema.json");
    private static final Schema ALERT = load("/schema/alert.schema.json");
    private static final Schema TREND = load("/schema/trend-alert.schema.json");

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    private static Schema load(String resource) {
        try (InputStream in = JsonSchemasTest.class.getResourceAsStream(resource)) {
            return REGISTRY.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Error> errors(Schema schema, JsonNode json) {
        // format is only an annotation in 2020-12 unless asserted: geoalert refuses a bad instant, so the test does too
        return schema.validate(
                json, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
    }

    private static NewsItem item() {
        return new NewsItem(
                "abc123",
                "Reuters",
                "Sanctions lifted",
                "https://example.org/a",
                "Body text.",
                AT,
                AT,
                "en",
                List.of("A. Writer"),
                List.of("iran"),
                Map.of("region", "MENA"));
    }

    private static ObjectNode itemJson() {
        return (ObjectNode) Json.MAPPER.valueToTree(item());
    }

    private static Alert alert() {
        return new Alert(
                "alert-1",
                "snapback-1",
                3,
                "snapback",
                Severity.HIGH,
                7.25,
                Map.of("mentions", 3.0),
                "abc123",
                "Sanctions lifted",
                "https://example.org/a",
                "Reuters",
                AT,
                AT,
                List.of(
                        new Alert.Match("snapback", "title", 0, 8, "Snapback"),
                        new Alert.Match("iran", "body", 3, 7, null)),
                List.of("Iran"),
                "… snapback …",
                2,
                2);
    }

    @Test
    void aSerializedNewsItemIsValid() {
        assertEquals(List.of(), errors(NEWS_ITEM, Json.MAPPER.valueToTree(item())));
    }

    @Test
    void aMinimalNewsItemIsValidWithAUrlOrWithABody() {
        var withUrl =
                new NewsItem(null, "wire", "T", "https://example.org/x", null, null, null, null, null, null, null);
        var withBody = new NewsItem("x1", "wire", "T", null, "text", null, null, null, null, null, null);
        assertEquals(List.of(), errors(NEWS_ITEM, Json.MAPPER.valueToTree(withUrl)));
        assertEquals(List.of(), errors(NEWS_ITEM, Json.MAPPER.valueToTree(withBody)));
    }

    @Test
    void newsItemsThatGeoalertRefusesFailTheSchemaToo() {
        List<ObjectNode> invalid = List.of(
                without(itemJson(), "title"),
                without(itemJson(), "source"),
                without(without(itemJson(), "id"), "url"),
                without(without(itemJson(), "url"), "body"),
                with(itemJson(), "title", "   "),
                with(itemJson(), "title", "t".repeat(NewsLimits.DEFAULTS.maxTitleChars() + 1)),
                with(itemJson(), "id", "i".repeat(NewsLimits.DEFAULTS.maxIdChars() + 1)),
                with(itemJson(), "publishedAt", "yesterday"),
                (ObjectNode) itemJson().set("tags", Json.MAPPER.valueToTree(List.of("x".repeat(201)))),
                (ObjectNode)
                        itemJson().set("authors", Json.MAPPER.valueToTree(java.util.Collections.nCopies(51, "a"))));
        for (ObjectNode json : invalid) {
            assertFalse(errors(NEWS_ITEM, json).isEmpty(), "schema accepted " + json);
            assertTrue(refusedByGeoalert(json), "geoalert accepted " + json);
        }
    }

    @Test
    void unknownNewsItemFieldsAreAllowedBecauseGeoalertKeepsThem() {
        assertEquals(List.of(), errors(NEWS_ITEM, with(itemJson(), "sentiment", "neutral")));
    }

    @Test
    void aSerializedAlertIsValid() {
        assertEquals(List.of(), errors(ALERT, Json.MAPPER.valueToTree(alert())));
        var bare = new Alert(
                "a", "r", 1, "treaty", Severity.LOW, 0, null, "i", "T", null, "S", null, AT, null, null, null, 0, 0);
        assertEquals(List.of(), errors(ALERT, Json.MAPPER.valueToTree(bare)));
    }

    @Test
    void anUpdateOfAnAlertIsValidAndAFirstAlertNamesItsItemAsItsStory() {
        Alert first = alert();
        assertEquals("abc123", first.storyId());
        assertFalse(first.update());
        assertEquals(List.of("Reuters"), first.sources());
        ObjectNode firstJson = Json.MAPPER.valueToTree(first);
        assertFalse(firstJson.path("update").asBoolean(true), firstJson.toString());

        var update = new Alert(
                first.alertId(),
                first.ruleId(),
                first.ruleVersion(),
                first.category(),
                Severity.CRITICAL,
                12.25,
                Map.of("severity", 8.0, "corroboration", 2.0),
                first.itemId(),
                first.title(),
                first.url(),
                first.source(),
                first.publishedAt(),
                AT.plusSeconds(60),
                first.matches(),
                first.entities(),
                first.snippet(),
                3,
                first.matchCount(),
                "abc123",
                true,
                List.of("Reuters", "AP", "AFP"));
        ObjectNode json = Json.MAPPER.valueToTree(update);
        assertEquals(List.of(), errors(ALERT, json));
        assertTrue(json.path("update").asBoolean(), json.toString());
        assertEquals(update, Json.read(Json.toBytes(update), Alert.class));
    }

    @Test
    void anAlertWrittenBeforeStoriesReadsAsAFirstAlertWithNoSourcesListed() {
        ObjectNode old = Json.MAPPER.valueToTree(alert());
        old.remove(List.of("storyId", "update", "sources"));
        assertEquals(List.of(), errors(ALERT, old));
        Alert read = Json.MAPPER.convertValue(old, Alert.class);
        assertFalse(read.update());
        assertEquals(List.of(), read.sources());
    }

    @Test
    void anUpdateListingTooManySourcesOrAWrongTypeFails() {
        ObjectNode good = Json.MAPPER.valueToTree(alert());
        List<ObjectNode> invalid = List.of(
                with(good.deepCopy(), "update", "yes"),
                (ObjectNode) good.deepCopy()
                        .set(
                                "sources",
                                Json.MAPPER.valueToTree(java.util.Collections.nCopies(Alert.MAX_SOURCES + 1, "wire"))),
                with(good.deepCopy(), "storyId", ""));
        for (ObjectNode json : invalid) {
            assertFalse(errors(ALERT, json).isEmpty(), "schema accepted " + json);
        }
    }

    @Test
    void alertsWithAMissingOrMistypedFieldFail() {
        ObjectNode good = Json.MAPPER.valueToTree(alert());
        List<ObjectNode> invalid = List.of(
                without(good.deepCopy(), "ruleId"),
                without(good.deepCopy(), "detectedAt"),
                with(good.deepCopy(), "severity", "urgent"),
                with(good.deepCopy(), "category", "Not A Topic"),
                with(good.deepCopy(), "ruleVersion", "three"),
                (ObjectNode) good.deepCopy().set("matches", Json.MAPPER.valueToTree(List.of(Map.of("term", "x")))));
        for (ObjectNode json : invalid) {
            assertFalse(errors(ALERT, json).isEmpty(), "schema accepted " + json);
        }
    }

    @Test
    void everyNewsItemFieldIsInTheSchemaAndNothingElse() {
        assertEquals(componentNames(NewsItem.class), propertyNames(NEWS_ITEM));
        assertTrue(
                NEWS_ITEM.getSchemaNode().path("additionalProperties").asBoolean(false),
                "NewsItem keeps unknown fields (extra), so the schema must allow them");
    }

    @Test
    void everyAlertFieldIsInTheSchemaAndNothingElse() {
        assertEquals(componentNames(Alert.class), propertyNames(ALERT));
        assertEquals(
                componentNames(Alert.Match.class),
                names(ALERT.getSchemaNode()
                        .path("properties")
                        .path("matches")
                        .path("items")
                        .path("properties")));
    }

    private static TrendAlert trend() {
        return new TrendAlert(
                "t-1",
                TrendAlert.ENTITY,
                "Iran",
                14,
                2.5,
                1.6,
                7.19,
                AT.minusSeconds(3600),
                AT,
                AT.plusSeconds(1),
                List.of(new TrendAlert.Story("s1", "a1", "UN sanctions snap back on Iran", 17.0)));
    }

    @Test
    void aSerializedTrendAlertIsValidAndReadsBack() {
        ObjectNode json = Json.MAPPER.valueToTree(trend());
        assertEquals(List.of(), errors(TREND, json));
        assertEquals(trend(), Json.read(Json.toBytes(trend()), TrendAlert.class));
    }

    @Test
    void trendAlertsWithAMissingOrMistypedFieldFail() {
        ObjectNode good = Json.MAPPER.valueToTree(trend());
        List<ObjectNode> invalid = List.of(
                without(good.deepCopy(), "count"),
                without(good.deepCopy(), "windowEnd"),
                with(good.deepCopy(), "kind", "rule"),
                with(good.deepCopy(), "count", "many"),
                (ObjectNode) good.deepCopy()
                        .set(
                                "topStories",
                                Json.MAPPER.valueToTree(java.util.Collections.nCopies(
                                        TrendAlert.MAX_TOP_STORIES + 1,
                                        trend().topStories().get(0)))));
        for (ObjectNode json : invalid) {
            assertFalse(errors(TREND, json).isEmpty(), "schema accepted " + json);
        }
    }

    @Test
    void everyTrendAlertFieldIsInTheSchemaAndNothingElse() {
        assertEquals(componentNames(TrendAlert.class), propertyNames(TREND));
        assertEquals(
                componentNames(TrendAlert.Story.class),
                names(TREND.getSchemaNode()
                        .path("properties")
                        .path("topStories")
                        .path("items")
                        .path("properties")));
    }

    /** The record's JSON fields: its components, less the catch-all map of unknown fields. */
    private static Set<String> componentNames(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .filter(c -> !c.getAccessor().isAnnotationPresent(JsonAnyGetter.class))
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> propertyNames(Schema schema) {
        return names(schema.getSchemaNode().path("properties"));
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean refusedByGeoalert(JsonNode json) {
        try {
            NewsItemReader.fromTree(json);
            return false;
        } catch (InvalidNewsItemException e) {
            return true;
        }
    }

    private static ObjectNode without(ObjectNode json, String field) {
        json.remove(field);
        return json;
    }

    private static ObjectNode with(ObjectNode json, String field, String value) {
        json.put(field, value);
        return json;
    }
}
