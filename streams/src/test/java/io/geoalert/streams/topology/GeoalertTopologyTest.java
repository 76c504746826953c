package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.model.Severity;
import io.geoalert.model.Topics;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeoalertTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<RuleMatcher> matcher =
            new AtomicReference<>(RuleMatcher.compile(RulePack.defaults()));
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> news;
    private TestOutputTopic<String, byte[]> alerts;
    private TestOutputTopic<String, byte[]> dlq;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        Properties props = StreamsService.properties(
                new StreamsSettings("unused:9092", "topology-test", stateDir, 1, 1, Optional.empty(), Map.of()),
                registry);
        driver = new TopologyTestDriver(
                GeoalertTopology.build(matcher::get, registry, Clock.fixed(NOW, ZoneOffset.UTC)), props);
        news = driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(Topics.NEWS_DLQ, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static io.geoalert.streams.rules.Rule rule(String json) {
        try {
            return RulePack.readRule(json.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void publish(String key, String json) {
        news.pipeInput(key, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String item(String id, String title, String body) {
        return "{\"id\":\"" + id + "\",\"source\":\"wire\",\"title\":\"" + title + "\",\"url\":\"https://x.org/" + id
                + "\",\"body\":\"" + body + "\",\"publishedAt\":\"2026-11-28T10:00:00Z\"}";
    }

    private List<Alert> readAlerts(TestOutputTopic<String, byte[]> topic) {
        return topic.readValuesToList().stream()
                .map(v -> Json.read(v, Alert.class))
                .toList();
    }

    @Test
    void raisesOneAlertPerCategoryOnTheAllTopicAndTheCategoryTopic() {
        publish("n1", item("n1", "UN sanctions snap back on Iran", "The E3 triggered the snapback of UN sanctions."));

        List<Alert> all = readAlerts(alerts);
        // the UN measures on Iran are about its nuclear programme: the pack files snapback stories as nuclear too
        assertEquals(
                Set.of("sanctions", "snapback", "nuclear"),
                all.stream().map(Alert::category).collect(Collectors.toSet()));
        List<Alert> snapback = readAlerts(
                driver.createOutputTopic("alerts.snapback", new StringDeserializer(), new ByteArrayDeserializer()));
        assertEquals(1, snapback.size());
        Alert alert = snapback.get(0);
        assertEquals("snapback-un-sanctions", alert.ruleId());
        assertEquals(Severity.CRITICAL, alert.severity());
        assertEquals("n1", alert.itemId());
        assertEquals("https://x.org/n1", alert.url());
        assertEquals("wire", alert.source());
        assertEquals(Instant.parse("2026-11-28T10:00:00Z"), alert.publishedAt());
        assertEquals(NOW, alert.detectedAt());
        assertTrue(alert.entities().contains("Iran"));
        assertTrue(alert.snippet().contains("«"), alert.snippet());
        assertTrue(alert.score() > 0);
        assertFalse(alert.matches().isEmpty());
        assertTrue(readAlerts(driver.createOutputTopic(
                        "alerts.treaty", new StringDeserializer(), new ByteArrayDeserializer()))
                .isEmpty());
    }

    @Test
    void dropsARepeatOfAnItemIdWithinTheWindowAndGivesALaterOneTheSameAlertId() {
        String json = item("n2", "New sanctions on oil exports", "Officials announced sanctions.");
        Instant first = Instant.parse("2026-11-20T08:00:00Z");
        news.pipeInput("n2", json.getBytes(StandardCharsets.UTF_8), first);
        news.pipeInput("n2", json.getBytes(StandardCharsets.UTF_8), first.plus(Duration.ofHours(1)));
        news.pipeInput("n2", json.getBytes(StandardCharsets.UTF_8), first.plus(Duration.ofDays(6)));
        List<TestRecord<String, byte[]>> records = alerts.readRecordsToList();
        assertEquals(1, records.size(), "repeats within 7 days raise nothing");
        assertEquals("n2", records.get(0).key());
        assertEquals(
                2.0, registry.get("geoalert.news.repeats.dropped").counter().count());

        news.pipeInput("n2", json.getBytes(StandardCharsets.UTF_8), first.plus(Duration.ofDays(8)));
        List<TestRecord<String, byte[]>> later = alerts.readRecordsToList();
        assertEquals(1, later.size(), "after the window the item is news again");
        assertEquals(
                Json.read(records.get(0).value(), Alert.class).alertId(),
                Json.read(later.get(0).value(), Alert.class).alertId());
    }

    @Test
    void anItemOverAFieldLimitGoesToTheDlqNamingTheField() {
        publish("huge", item("huge", "Sanctions", "sanctions ".repeat(50_001)));
        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertTrue(
                DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)
                        .startsWith("'body' is 500010 characters long"),
                DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE));
        assertTrue(alerts.isEmpty());
    }

    @Test
    void aRuleThatFiresWithoutMentionsStillYieldsAnAlertAndProcessingGoesOn() {
        // validation refuses such a rule; one compiled around it (an older version's topic) must not stop alerting
        RulePack onlyNone = RulePack.defaults()
                .withRules(List.of(rule(
                        "{\"id\":\"x\",\"category\":\"misc\",\"severity\":\"low\",\"all\":[{\"none\":[\"zzzz\"]}]}")));
        matcher.set(RuleMatcher.compile(onlyNone));
        publish("p1", item("p1", "Markets calm", "Nothing of note."));
        publish("p2", item("p2", "Weather", "Sunny."));
        List<Alert> raised = readAlerts(alerts);
        assertEquals(2, raised.size());
        assertEquals("Markets calm", raised.get(0).snippet());
        assertEquals(0, raised.get(0).matchCount());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void anItemThatMakesProcessingThrowGoesToTheDlqAndTheNextItemAlerts() {
        RuleMatcher good = matcher.get();
        AtomicReference<Boolean> fail = new AtomicReference<>(true);
        driver.close();
        Properties props = StreamsService.properties(
                new StreamsSettings("unused:9092", "topology-test-2", stateDir, 1, 1, Optional.empty(), Map.of()),
                registry);
        driver = new TopologyTestDriver(
                GeoalertTopology.build(
                        () -> {
                            if (fail.getAndSet(false)) {
                                throw new IllegalStateException("matcher blew up");
                            }
                            return good;
                        },
                        registry,
                        Clock.fixed(NOW, ZoneOffset.UTC)),
                props);
        news = driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(Topics.NEWS_DLQ, new StringDeserializer(), new ByteArrayDeserializer());

        String poison = item("x1", "New sanctions", "Sanctions imposed.");
        publish("x1", poison);
        publish("x2", item("x2", "New sanctions", "Sanctions imposed."));

        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertEquals(poison, new String(dead.value(), StandardCharsets.UTF_8));
        assertEquals("streams.process", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.STAGE));
        assertEquals(
                IllegalStateException.class.getName(),
                DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.EXCEPTION_CLASS));
        assertEquals("matcher blew up", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE));
        assertEquals(Topics.NEWS_RAW, DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC));
        assertEquals("0", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET));
        List<Alert> raised = readAlerts(alerts);
        assertEquals(
                List.of("x2"), raised.stream().map(Alert::itemId).distinct().toList());
        assertEquals(
                1.0,
                registry.get("geoalert.dlq.records")
                        .tag("stage", "streams.process")
                        .counter()
                        .count());
    }

    @Test
    void aHugeItemFullOfTermsYieldsABoundedAlert() {
        String body = "sanctions ".repeat(49_000); // 490 KB, just under the body limit: once a multi-MB alert
        publish("big", item("big", "Sanctions", body));
        List<TestRecord<String, byte[]>> records = alerts.readRecordsToList();
        assertFalse(records.isEmpty());
        for (TestRecord<String, byte[]> record : records) {
            Alert alert = Json.read(record.value(), Alert.class);
            assertTrue(record.value().length < 32 * 1024, "alert of " + record.value().length + " bytes");
            assertEquals(Alert.MAX_MATCHES, alert.matches().size());
            // each term's first 1,000 mentions are looked at (RuleMatcher.MAX_MENTIONS_PER_TERM)
            assertTrue(alert.matchCount() >= 1_000, "matchCount " + alert.matchCount());
        }
        assertTrue(dlq.isEmpty());
    }

    @Test
    void sendsAnUnreadableRecordToTheDlqWithHeadersAndKeepsGoing() {
        publish("bad", "{\"id\": \"broken\", \"title\": ");
        publish("n3", item("n3", "Treaty ratified", "Parliament ratified the treaty."));

        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertEquals("{\"id\": \"broken\", \"title\": ", new String(dead.value(), StandardCharsets.UTF_8));
        assertEquals(Topics.NEWS_RAW, DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC));
        assertEquals("0", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET));
        assertEquals("0", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_PARTITION));
        assertEquals("streams.validate", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.STAGE));
        assertEquals(
                "io.geoalert.model.InvalidNewsItemException",
                DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_CLASS));
        assertTrue(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE)
                .startsWith("malformed JSON"));
        assertTrue(dlq.isEmpty());

        assertEquals(
                List.of("treaty"),
                readAlerts(alerts).stream().map(Alert::category).toList());
        assertEquals(
                1.0,
                registry.counter("geoalert.dlq.records", "stage", "streams.validate")
                        .count());
    }

    @Test
    void sendsAnItemMissingARequiredFieldToTheDlqNamingTheField() {
        publish("n4", "{\"id\":\"n4\",\"source\":\"wire\",\"url\":\"https://x.org/n4\",\"body\":\"sanctions\"}");
        TestRecord<String, byte[]> dead = dlq.readRecord();
        assertEquals("'title' is required", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE));
        assertTrue(alerts.isEmpty());
    }

    @Test
    void raisesNothingForLookAlikes() {
        publish("n5", item("n5", "Sprinter sanctioned for doping", "The league banned him."));
        publish("n6", item("n6", "Snapback caps sell out", "A new snapback collection."));
        assertTrue(alerts.isEmpty());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void appliesASwappedMatcherToTheNextRecord() {
        publish("n7", item("n7", "Cyber attack on grid", "Hackers hit the grid."));
        assertTrue(alerts.isEmpty());
        RulePack cyber = RulePack.parse("""
                rules:
                  - id: cyber
                    category: cyber
                    severity: medium
                    version: 2
                    any: [cyber attack]
                """.getBytes(StandardCharsets.UTF_8), "cyber.yaml")
                .validated("cyber.yaml");
        matcher.set(RuleMatcher.compile(cyber));
        publish("n8", item("n8", "Cyber attack on grid", "Hackers hit the grid."));
        List<Alert> raised = readAlerts(alerts);
        assertEquals(1, raised.size());
        assertEquals("cyber", raised.get(0).category());
        assertEquals(2, raised.get(0).ruleVersion());
    }
}
