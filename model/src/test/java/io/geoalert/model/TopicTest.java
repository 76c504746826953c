package io.geoalert.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void alertsRoundTripThroughTheAlertTopicsSerdeAsJson() {
        var alert = new Alert(
                "a1",
                "r1",
                2,
                "nuclear",
                Severity.CRITICAL,
                9.5,
                Map.of("mentions", 2.0),
                "i1",
                "Title",
                "https://example.org",
                "wire",
                null,
                Instant.parse("2026-01-01T00:00:00Z"),
                List.of(new Alert.Match("enrichment", "body", 4, 14, "enrichment")),
                List.of(),
                "snippet",
                1,
                1);
        var serde = Topic.alertsFor("nuclear").valueSerde();
        byte[] bytes = serde.serializer().serialize("alerts.nuclear", alert);

        assertEquals(alert, serde.deserializer().deserialize("alerts.nuclear", bytes));
        assertArrayEquals(Json.toBytes(alert), bytes);
    }

    @Test
    void newsTravelsAsRawBytesSoThatTheValidateStepSeesWhatWasSent() {
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(notJson, Topic.NEWS_RAW.valueSerde().deserializer().deserialize(Topics.NEWS_RAW, notJson));
        assertEquals("news.raw", Topic.NEWS_RAW.name());
    }

    @Test
    void aCategoryTopicIsNamedForItsCategoryAndABadCategoryIsRefused() {
        assertEquals("alerts.treaty", Topic.alertsFor("treaty").name());
        assertThrows(IllegalArgumentException.class, () -> Topic.alertsFor("Bad Name"));
    }

    @Test
    void aTopicNeedsANameAndSerdes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Topic<>(" ", null, null));
        assertEquals("topic name must not be empty", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Topic<>("x", Topic.NEWS_RAW.keySerde(), null));
    }

    @Test
    void aCategoryCannotTakeTheTopicOfTrendAlertsOrDeadLetters() {
        assertEquals("alerts.trend", Topics.alertsFor("trend"));
        IllegalArgumentException trends =
                assertThrows(IllegalArgumentException.class, () -> Topics.alertsFor("trends"));
        assertEquals("category 'trends' is reserved: alerts.trends carries trend alerts", trends.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Topics.requireCategory("dlq"));
    }
}
