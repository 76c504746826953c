package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.ItemIds;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.model.Severity;
import io.geoalert.model.Topics;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.streams.trend.TrendSettings;
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

    private static String item(String id, String source, String title, String url, String body) {
        return Json.toString(Map.of(
                "id", id,
                "source", source,
                "title", title,
                "url", url,
                "body", body,
                "publishedAt", "2026-11-28T10:00:00Z"));
    }

    private void publish(String key, String json, Instant at) {
        news.pipeInput(key, json.getBytes(StandardCharsets.UTF_8), at);
    }

    /** A wire story: a rewritten headline over the same 40-word lead is a copy from another feed. */
    private static final String LEAD = "European Union foreign ministers agreed on Monday to impose new sanctions on"
            + " Iranian oil exports and on the tankers that carry them, diplomats said, after months of talks over"
            + " how to respond to the expansion of the country's uranium enrichment programme. The measures take"
            + " effect next month.";

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private void useRules(String yaml) {
        matcher.set(RuleMatcher.compile(RulePack.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml")
                .validated("test.yaml")));
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
    void aRepeatOfAnItemThatRaisedNothingIsNotRememberedAndRaisesWhatTheRulesNowSay() {
        String json = item("bakery-1", "Village bakery wins prize", "The bakery on the square won a prize.");
        publish("bakery-1", json, T0);
        assertTrue(alerts.isEmpty());
        try (var remembered =
                driver.<String, Long>getWindowStore(DropRepeats.STORE).all()) {
            assertFalse(remembered.hasNext(), "an item that raised nothing leaves no entry in the repeat store");
        }

        publish("bakery-1", json, T0.plus(Duration.ofMinutes(5)));
        assertTrue(alerts.isEmpty(), "its repeat raises nothing again");
        useRules("""
                rules:
                  - id: bakery-watch
                    category: sanctions
                    severity: low
                    any: [bakery]
                """);
        publish("bakery-1", json, T0.plus(Duration.ofMinutes(10)));
        List<Alert> raised = readAlerts(alerts);
        assertEquals(1, raised.size(), "a repeat the new rule fires on raises its alert: " + raised);
        assertEquals("bakery-watch", raised.get(0).ruleId());
        publish("bakery-1", json, T0.plus(Duration.ofMinutes(15)));
        assertTrue(alerts.isEmpty(), "and a repeat of that one is dropped");
        assertEquals(
                1.0, registry.get("geoalert.news.repeats.dropped").counter().count());
    }

    @Test
    void dropsARepeatOfAnItemIdWithinTheWindowAndGivesALaterOneTheSameAlertId() {
        // fetched at ingest, so each alert also records its ingest-to-alert latency
        String json = item(
                        "n2",
                        "EU adopts new sanctions on Iran's oil exports",
                        "The European Union announced sanctions.")
                .replace("\"publishedAt\"", "\"fetchedAt\":\"2026-11-28T10:00:01Z\",\"publishedAt\"");
        Instant first = Instant.parse("2026-11-20T08:00:00Z");
        news.pipeInput("n2", json.getBytes(StandardCharsets.UTF_8), first);
        news.pipeInput("n2", json.getBytes(StandardCharsets.UTF_8), first.plus(Duration.ofHours(1)));
        news.pipeInput("n2", json.getBytes(StandardCharsets.UTF_8), first.plus(Duration.ofDays(6)));
        List<TestRecord<String, byte[]>> records = alerts.readRecordsToList();
        assertEquals(1, records.size(), "repeats within 7 days raise nothing");
        assertEquals("n2", records.get(0).key());
        assertEquals(
                2.0, registry.get("geoalert.news.repeats.dropped").counter().count());
        assertEquals((double) hits(json), total("geoalert.rule.hits"), "the dropped repeats count no rule hits");
        assertEquals(
                (long) hits(json),
                registry.get("geoalert.alert.latency").timer().count(),
                "nor ingest-to-alert latencies");

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

        String poison = item("x1", "New sanctions on Iran", "The EU imposed sanctions.");
        publish("x1", poison);
        publish("x2", item("x2", "New sanctions on Iran", "The EU imposed sanctions."));

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
        publish("big", item("big", "Sanctions on Iran", body));
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

    @Test
    void dropsDuplicateStoryFromSecondFeed() {
        publish(
                "w1",
                item("w1", "reuters", "EU agrees new sanctions on Iranian oil", "https://wire.example/eu-oil", LEAD),
                T0);
        List<TestRecord<String, byte[]>> first = alerts.readRecordsToList();
        List<Alert> raised =
                first.stream().map(r -> Json.read(r.value(), Alert.class)).toList();
        assertFalse(raised.isEmpty(), "the first item of the story alerts at once, before any copy");
        for (Alert alert : raised) {
            assertEquals(ItemIds.alertId(alert.ruleId(), "w1"), alert.alertId());
            assertEquals("w1", alert.storyId());
            assertFalse(alert.update());
            assertEquals(1, alert.corroboration());
            assertEquals(List.of("reuters"), alert.sources());
        }
        assertEquals(
                List.of("w1"), first.stream().map(TestRecord::key).distinct().toList());

        publish(
                "w2",
                item("w2", "ap", "Europe imposes fresh oil sanctions on Tehran", "https://ap.example/story/9931", LEAD),
                T0.plus(Duration.ofHours(3)));
        List<TestRecord<String, byte[]>> second = alerts.readRecordsToList();
        List<Alert> updates =
                second.stream().map(r -> Json.read(r.value(), Alert.class)).toList();
        assertEquals(
                raised.stream().map(Alert::alertId).sorted().toList(),
                updates.stream().map(Alert::alertId).sorted().toList(),
                "one update per rule, with the alert's own id: no new alert");
        for (Alert update : updates) {
            assertTrue(update.update());
            assertEquals(2, update.corroboration());
            assertEquals(List.of("reuters", "ap"), update.sources());
            assertEquals("w1", update.itemId(), "the update is of the alert the first item raised");
            assertEquals("w1", update.storyId());
            assertEquals(1.0, update.scoreParts().get("corroboration"));
        }
        assertEquals(
                List.of("w1"), second.stream().map(TestRecord::key).distinct().toList(), "same key: same partition");
        assertEquals(
                (double) raised.size(),
                registry.get("geoalert.alerts.updated").counters().stream()
                        .mapToDouble(c -> c.count())
                        .sum());
    }

    @Test
    void countsANewAlertOnceAsEmittedAnUpdateAsUpdatedAndEveryRuleThatFiredAsAHit() {
        String first =
                item("w1", "reuters", "EU agrees new sanctions on Iranian oil", "https://wire.example/eu-oil", LEAD);
        String copy =
                item("w2", "ap", "Europe imposes fresh oil sanctions on Tehran", "https://ap.example/story/9931", LEAD);
        publish("w1", first, T0);
        publish("w2", copy, T0.plus(Duration.ofHours(3)));

        List<Alert> out = readAlerts(alerts);
        long emitted = out.stream().filter(a -> !a.update()).count();
        assertTrue(emitted > 0 && emitted < out.size(), "the copy updates the first item's alerts: " + out);
        assertEquals((double) emitted, total("geoalert.alerts.emitted"), "each new alert counted once");
        assertEquals((double) (out.size() - emitted), total("geoalert.alerts.updated"));
        assertEquals(
                (double) (hits(first) + hits(copy)),
                total("geoalert.rule.hits"),
                "every rule that fired on either item, whatever the story stage made of it");
    }

    private double total(String counter) {
        return registry.get(counter).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private int hits(String itemJson) {
        NewsItem item = Json.read(itemJson.getBytes(StandardCharsets.UTF_8), NewsItem.class);
        return matcher.get().match(item).hits().size();
    }

    @Test
    void aCopyFromASourceAlreadyCountedEmitsNothing() {
        publish(
                "w1",
                item("w1", "reuters", "EU agrees new sanctions on Iranian oil", "https://wire.example/eu-oil", LEAD),
                T0);
        assertFalse(alerts.readRecordsToList().isEmpty());
        publish(
                "w1-rpt",
                item(
                        "w1-rpt",
                        "reuters",
                        "(RPT) EU agrees new sanctions on Iranian oil",
                        "https://wire.example/eu-oil-rpt",
                        LEAD),
                T0.plus(Duration.ofMinutes(20)));
        assertTrue(alerts.isEmpty(), "a repeat by the same wire adds no source: no alert, no update");
        assertEquals(
                1.0,
                registry.get("geoalert.stories.copies")
                        .tag("source", "counted")
                        .counter()
                        .count());
    }

    @Test
    void aCopyOutsideTheStoryWindowRaisesANewAlert() {
        publish(
                "w1",
                item("w1", "reuters", "EU agrees new sanctions on Iranian oil", "https://wire.example/eu-oil", LEAD),
                T0);
        List<Alert> first = readAlerts(alerts);
        publish(
                "w2",
                item("w2", "ap", "Europe imposes fresh oil sanctions on Tehran", "https://ap.example/story/9931", LEAD),
                T0.plus(GeoalertTopology.DEFAULT_STORY_WINDOW).plus(Duration.ofHours(1)));
        List<Alert> later = readAlerts(alerts);
        assertEquals(first.size(), later.size());
        for (Alert alert : later) {
            assertFalse(alert.update(), "49 hours on, the copy starts a story of its own");
            assertEquals("w2", alert.storyId());
            assertEquals(ItemIds.alertId(alert.ruleId(), "w2"), alert.alertId());
            assertEquals(1, alert.corroboration());
        }
    }

    @Test
    void theStoryWindowIsConfigurable() {
        driver.close();
        driver = new TopologyTestDriver(
                GeoalertTopology.build(
                        matcher::get,
                        registry,
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        GeoalertTopology.DEFAULT_REPEAT_WINDOW,
                        Duration.ofHours(6),
                        GeoalertTopology.DEFAULT_ALERTS_RETENTION,
                        TrendSettings.DEFAULTS),
                StreamsService.properties(
                        new StreamsSettings(
                                "unused:9092", "topology-test-3", stateDir, 1, 1, Optional.empty(), Map.of()),
                        registry));
        news = driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());

        publish(
                "w1",
                item("w1", "reuters", "EU agrees new sanctions on Iranian oil", "https://wire.example/eu-oil", LEAD),
                T0);
        readAlerts(alerts);
        publish(
                "w2",
                item("w2", "ap", "Europe imposes fresh oil sanctions", "https://ap.example/9931", LEAD),
                T0.plus(Duration.ofHours(5)));
        assertTrue(readAlerts(alerts).stream().allMatch(Alert::update), "within 6 hours: updates");
        publish(
                "w3",
                item("w3", "afp", "EU oil sanctions on Iran agreed", "https://afp.example/1", LEAD),
                T0.plus(Duration.ofHours(7)));
        List<Alert> later = readAlerts(alerts);
        assertFalse(later.isEmpty());
        assertTrue(later.stream().noneMatch(Alert::update), "7 hours after the first item: a new story");
        assertTrue(later.stream().allMatch(a -> a.storyId().equals("w3")));
    }

    @Test
    void itemsNamingTheSamePageAreOneStoryWhateverTheirText() {
        useRules("""
                rules:
                  - id: any-sanctions
                    category: sanctions
                    severity: medium
                    any: [sanction]
                  - id: any-treaty
                    category: treaty
                    severity: low
                    any: [treaty]
                """);
        publish(
                "u1",
                item(
                        "u1",
                        "wire",
                        "UN council votes to restore sanctions on Iran",
                        "https://news.example.org/world/iran-snapback",
                        "The Security Council voted to restore the UN sanctions lifted in 2015."),
                T0);
        List<Alert> first = readAlerts(alerts);
        assertFalse(first.isEmpty());
        // another feed links the same page (tracking parameters, case of the host) under its own summary
        publish(
                "u2",
                item(
                        "u2",
                        "aggregator",
                        "Sanctions are back: what the vote means for Tehran's oil buyers",
                        "HTTPS://News.Example.org/world/iran-snapback?utm_source=rss&utm_medium=feed#top",
                        "Refiners in Asia face penalties again after the sanctions vote at the UN."),
                T0.plus(Duration.ofMinutes(30)));
        List<Alert> second = readAlerts(alerts);
        assertFalse(second.isEmpty());
        for (Alert alert : second) {
            assertEquals("u1", alert.storyId(), alert.ruleId());
            assertEquals(List.of("wire", "aggregator"), alert.sources());
        }
        assertTrue(
                second.stream()
                        .filter(Alert::update)
                        .map(Alert::alertId)
                        .collect(Collectors.toSet())
                        .equals(first.stream().map(Alert::alertId).collect(Collectors.toSet())),
                "every alert of the story is updated once");
    }

    @Test
    void itemsLinkingOnlyASitesFrontPageAreNotOneStoryForIt() {
        useRules("""
                rules:
                  - id: any-sanctions
                    category: sanctions
                    severity: medium
                    any: [sanction]
                  - id: any-treaty
                    category: treaty
                    severity: low
                    any: [treaty]
                """);
        publish(
                "r1",
                item("r1", "wire", "New sanctions on Iranian oil", "https://example.org/", "Sanctions imposed on oil."),
                T0);
        publish(
                "r2",
                item(
                        "r2",
                        "blog",
                        "Treaty on border ratified",
                        "https://example.org/",
                        "Parliament ratified the treaty."),
                T0.plus(Duration.ofMinutes(1)));
        List<Alert> raised = readAlerts(alerts);
        assertEquals(Set.of("r1", "r2"), raised.stream().map(Alert::storyId).collect(Collectors.toSet()));
        assertTrue(raised.stream().noneMatch(Alert::update));
    }

    @Test
    void aThirdSourceRaisesSeverityOneLevelCappedAtCritical() {
        useRules("""
                rules:
                  - id: oil-sanctions
                    category: sanctions
                    severity: high
                    any: [sanction]
                  - id: iran-enrichment
                    category: nuclear
                    severity: critical
                    any: [enrichment]
                """);
        publish(
                "w1",
                item("w1", "reuters", "EU agrees new sanctions on Iranian oil", "https://wire.example/eu-oil", LEAD),
                T0);
        Map<String, Alert> first = byRule(readAlerts(alerts));
        assertEquals(Severity.HIGH, first.get("oil-sanctions").severity());
        publish(
                "w2",
                item("w2", "ap", "Europe imposes fresh oil sanctions", "https://ap.example/9931", LEAD),
                T0.plusSeconds(60));
        Map<String, Alert> second = byRule(readAlerts(alerts));
        assertEquals(Severity.HIGH, second.get("oil-sanctions").severity(), "two sources: the rule's severity");
        publish(
                "w3",
                item("w3", "afp", "EU oil sanctions on Iran agreed", "https://afp.example/1", LEAD),
                T0.plusSeconds(120));
        Map<String, Alert> third = byRule(readAlerts(alerts));

        Alert raised = third.get("oil-sanctions");
        assertEquals(3, raised.corroboration());
        assertEquals(Severity.CRITICAL, raised.severity(), "three distinct sources: one level up");
        assertEquals(8.0, raised.scoreParts().get("severity"));
        assertEquals(2.0, raised.scoreParts().get("corroboration"));
        assertEquals(first.get("oil-sanctions").score() + 2.0 + 2.0, raised.score(), 1e-9);
        assertEquals(Severity.CRITICAL, third.get("iran-enrichment").severity(), "critical stays critical");
        assertEquals(
                first.get("iran-enrichment").score() + 2.0,
                third.get("iran-enrichment").score(),
                1e-9);
    }

    @Test
    void aCopyThatFiresARuleTheStoryHadNotRaisesThatAlertOnceAsTheStorysFirst() {
        publish(
                "w1",
                item("w1", "reuters", "EU agrees new sanctions on Iranian oil", "https://wire.example/eu-oil", LEAD),
                T0);
        Set<String> before = readAlerts(alerts).stream().map(Alert::ruleId).collect(Collectors.toSet());
        useRules("""
                rules:
                  - id: tanker-watch
                    category: military
                    severity: low
                    any: [tanker]
                """);
        publish(
                "w1-rpt",
                item(
                        "w1-rpt",
                        "reuters",
                        "EU agrees new sanctions on Iranian oil",
                        "https://wire.example/eu-oil-2",
                        LEAD),
                T0.plusSeconds(60));
        List<Alert> raised = readAlerts(alerts);
        assertFalse(before.contains("tanker-watch"));
        assertEquals(1, raised.size(), "the same source adds no update; the new rule's alert goes out");
        Alert tanker = raised.get(0);
        assertEquals("tanker-watch", tanker.ruleId());
        assertFalse(tanker.update());
        assertEquals("w1", tanker.storyId());
        assertEquals("w1-rpt", tanker.itemId());
        assertEquals(ItemIds.alertId("tanker-watch", "w1"), tanker.alertId());
        publish(
                "w1-rpt2",
                item(
                        "w1-rpt2",
                        "reuters",
                        "EU agrees new sanctions on Iranian oil",
                        "https://wire.example/eu-oil-3",
                        LEAD),
                T0.plusSeconds(120));
        assertTrue(alerts.isEmpty(), "once raised for the story, the rule raises nothing more for the same source");
    }

    @Test
    void differentStoriesOnOneTopicFromOneSourceEachAlert() {
        useRules("""
                rules:
                  - id: any-sanctions
                    category: sanctions
                    severity: medium
                    any: [sanction]
                  - id: any-treaty
                    category: treaty
                    severity: low
                    any: [treaty]
                """);
        publish(
                "m1",
                item(
                        "m1",
                        "wire",
                        "New sanctions on Iran's oil exports announced",
                        "https://wire.example/1",
                        "Officials announced sanctions on oil exports worth 800 mln dlrs."),
                T0);
        publish(
                "m2",
                item(
                        "m2",
                        "wire",
                        "New sanctions on Russia's gas exports announced",
                        "https://wire.example/2",
                        "Officials announced sanctions on gas exports worth 350 mln dlrs."),
                T0.plusSeconds(60));
        List<Alert> raised = readAlerts(alerts);
        assertEquals(Set.of("m1", "m2"), raised.stream().map(Alert::storyId).collect(Collectors.toSet()));
        assertTrue(raised.stream().noneMatch(Alert::update));
    }

    @Test
    void aStoryKeyCrowdedWithTemplatedItemsIsLookedBackAlongAsFarAsItsMostRecentItems() {
        useRules("""
                rules:
                  - id: any-sanctions
                    category: sanctions
                    severity: medium
                    any: [sanction]
                """);
        // one source's templated reports: one lead (one story key), headlines told apart by their figures
        String lead = "Officials announced the sanctions list for the day, with the names of the companies it adds.";
        int reports = JoinStories.MAX_CANDIDATES + 1;
        for (int i = 0; i < reports; i++) {
            publish(
                    "t" + i,
                    item("t" + i, "wire", "Sanctions list update number " + i, "https://wire.example/t" + i, lead),
                    T0.plusSeconds(i));
        }
        assertEquals(reports, readAlerts(alerts).size(), "each report is a story of its own");

        publish(
                "c150",
                item("c150", "ap", "Sanctions list update number 150", "https://ap.example/c150", lead),
                T0.plusSeconds(reports + 1));
        Alert recent = readAlerts(alerts).get(0);
        assertTrue(recent.update(), "a copy of a recent report updates its alert");
        assertEquals("t150", recent.storyId());

        publish(
                "c0",
                item("c0", "ap", "Sanctions list update number 0", "https://ap.example/c0", lead),
                T0.plusSeconds(reports + 2));
        Alert old = readAlerts(alerts).get(0);
        assertFalse(old.update(), "the first report is more than " + JoinStories.MAX_CANDIDATES + " items back");
        assertEquals("c0", old.storyId());
    }

    private static Map<String, Alert> byRule(List<Alert> alerts) {
        return alerts.stream().collect(Collectors.toMap(Alert::ruleId, a -> a));
    }
}
