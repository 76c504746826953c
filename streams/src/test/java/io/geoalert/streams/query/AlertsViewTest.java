package io.geoalert.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Severity;
import io.geoalert.model.Topics;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.streams.topology.GeoalertTopology;
import io.geoalert.streams.trend.TrendSettings;
import io.geoalert.testing.MovingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts view the topology keeps for {@code GET /v1/alerts}, read as the route reads it. */
class AlertsViewTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final RuleMatcher RULES =
            RuleMatcher.compile(RulePack.parse("""
                    entities:
                      Iran: {type: state, aliases: [iran, iranian, tehran]}
                      Russia: {type: state, aliases: [russia, russian, moscow]}
                    rules:
                      - id: oil-sanctions
                        category: sanctions
                        severity: high
                        any: [sanction]
                      - id: enrichment
                        category: nuclear
                        severity: low
                        any: [uranium]
                    """.getBytes(StandardCharsets.UTF_8), "view-test.yaml")
                    .validated("view-test.yaml"));

    /** Copies of one story share this lead, so a second source's copy is an update. */
    private static final String LEAD = "European Union foreign ministers agreed on Monday to impose new sanctions on"
            + " Iranian oil exports and on the tankers that carry them, diplomats said, after months of talks over"
            + " how to respond to the expansion of the country's programme. The measures take effect next month.";

    @TempDir
    Path stateDir;

    private final MovingClock clock = new MovingClock(T0);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> news;
    private KeyValueStore<AlertKey, Alert> view;

    private void start(Duration retention) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        driver = new TopologyTestDriver(
                GeoalertTopology.build(
                        () -> RULES,
                        registry,
                        clock,
                        GeoalertTopology.DEFAULT_REPEAT_WINDOW,
                        GeoalertTopology.DEFAULT_STORY_WINDOW,
                        retention,
                        TrendSettings.DEFAULTS),
                StreamsService.properties(
                        new StreamsSettings("unused:9092", "view-test", stateDir, 1, 1, Optional.empty(), Map.of()),
                        registry),
                T0);
        news = driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer());
        view = driver.getKeyValueStore(GeoalertTopology.ALERTS_VIEW);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /** An item of its own story: words no other item has keep it apart from the rest. */
    private void publish(String id, String source, String title, String body) {
        clock.advance(Duration.ofSeconds(10));
        Map<String, String> item =
                Map.of("id", id, "source", source, "title", title, "url", "https://wire.example/" + id, "body", body);
        news.pipeInput(id, Json.toBytes(item), clock.instant());
    }

    private void publishStory(int n) {
        String tag = "q" + Integer.toString(n * 7919 + 1000, 36);
        publish(
                "item-" + n,
                "wire",
                "Traders " + tag + " weigh sanction risk on cargo " + tag + "x",
                "Port " + tag + "y reported delays as the sanction rules took effect for " + tag + "z shippers.");
    }

    private List<Alert> read(AlertQuery query) {
        return AlertsViewReader.read(List.of(view), query).alerts().stream()
                .map(AlertsPage.Entry::alert)
                .toList();
    }

    private static AlertQuery filter(String category, Severity severity, String entity, String rule, String text) {
        return new AlertQuery(category, severity, entity, rule, null, text, AlertQuery.MAX_LIMIT, null);
    }

    @Test
    void anUpdateReplacesTheFirstVersionWhereItWas() {
        start(GeoalertTopology.DEFAULT_ALERTS_RETENTION);
        publish("first", "reuters", "EU agrees new sanctions on Iranian oil", LEAD);
        Instant firstRaised = clock.instant();
        publishStory(1);
        publish("copy", "ap", "Europe imposes fresh oil sanctions on Tehran", LEAD);

        List<Alert> alerts = read(AlertQuery.all(10));
        assertEquals(
                List.of("item-1", "first"), alerts.stream().map(Alert::itemId).toList(), "newest first");
        Alert updated = alerts.get(1);
        assertTrue(updated.update(), "the latest version replaced the first");
        assertEquals(2, updated.corroboration());
        assertEquals(List.of("reuters", "ap"), updated.sources());
        AlertsPage page = AlertsViewReader.read(List.of(view), AlertQuery.all(10));
        assertEquals(
                firstRaised.toEpochMilli(),
                page.alerts().get(1).key().raisedAtMillis(),
                "kept where the first version was raised");
        assertEquals(2, count(), "one entry per alert");
    }

    @Test
    void alertsFirstRaisedLongerThanTheRetentionAgoAreEvicted() {
        start(Duration.ofHours(1));
        publishStory(1);
        clock.advance(Duration.ofMinutes(50));
        publishStory(2);
        clock.advance(Duration.ofMinutes(20)); // story 1 is 70 minutes old, story 2 20
        driver.advanceWallClockTime(Duration.ofMinutes(1));

        assertEquals(
                List.of("item-2"),
                read(AlertQuery.all(10)).stream().map(Alert::itemId).toList());
        assertEquals(1, count());
        assertNull(
                driver.<String, Long>getKeyValueStore(GeoalertTopology.ALERTS_VIEW_IDS)
                        .get(alertIdOf("item-1")),
                "its id is forgotten too");

        clock.advance(Duration.ofMinutes(45));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertEquals(0, count(), "and later the other");
    }

    @Test
    void anUpdateOfAnEvictedAlertDoesNotBringItBackAsNew() {
        start(Duration.ofHours(1)); // shorter than the 48 h story window, so a story outlives its alert here
        publish("first", "reuters", "EU agrees new sanctions on Iranian oil", LEAD);
        clock.advance(Duration.ofMinutes(70));
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertEquals(0, count(), "evicted");

        publish("copy", "ap", "Europe imposes fresh oil sanctions on Tehran", LEAD);

        assertEquals(0, count(), "the update of an alert no longer kept is not shown as a new alert");
    }

    private String alertIdOf(String itemId) {
        return io.geoalert.model.ItemIds.alertId("oil-sanctions", itemId);
    }

    @Test
    void filtersSelectByCategorySeverityEntityRuleSinceAndText() {
        start(GeoalertTopology.DEFAULT_ALERTS_RETENTION);
        publish("oil", "wire", "Sanctions on Iranian crude tighten", "Tehran faces a sanction on its tankers.");
        Instant afterOil = clock.instant().plusMillis(1);
        publish("fuel", "wire", "Russian uranium sales to resume", "Moscow will sell enriched uranium abroad.");
        publish("both", "wire", "Iran uranium stock grows under sanctions", "Tehran enriches more uranium.");

        assertEquals(Set.of("oil", "both"), itemsOf(read(filter("sanctions", null, null, null, null))), "category");
        assertEquals(Set.of("oil", "both"), itemsOf(read(filter(null, Severity.HIGH, null, null, null))), "severity");
        assertEquals(
                Set.of("oil", "fuel", "both"),
                itemsOf(read(filter(null, Severity.LOW, null, null, null))),
                "severity is a minimum");
        assertEquals(Set.of("fuel"), itemsOf(read(filter(null, null, "russia", null, null))), "entity, any case");
        assertEquals(Set.of("fuel", "both"), itemsOf(read(filter(null, null, null, "enrichment", null))), "rule");
        assertEquals(
                Set.of("oil"), itemsOf(read(filter(null, null, null, null, "CRUDE"))), "text in the title, any case");
        assertEquals(
                Set.of("fuel"), itemsOf(read(filter(null, null, null, null, "sell enriched"))), "text in the snippet");
        assertEquals(
                Set.of("both"),
                itemsOf(read(filter("nuclear", Severity.LOW, "Iran", "enrichment", "stock"))),
                "all at once");
        AlertQuery since = new AlertQuery(null, null, null, null, afterOil, null, 10, null);
        assertEquals(Set.of("fuel", "both"), itemsOf(read(since)), "since");
    }

    private static Set<String> itemsOf(List<Alert> alerts) {
        return new java.util.TreeSet<>(alerts.stream().map(Alert::itemId).toList());
    }

    @Test
    void aCursorPagesThroughEveryAlertExactlyOnceWhileNewAlertsArriveAndOthersUpdate() {
        start(GeoalertTopology.DEFAULT_ALERTS_RETENTION);
        publish("story", "reuters", "EU agrees new sanctions on Iranian oil", LEAD);
        for (int n = 0; n < 13; n++) {
            publishStory(n);
        }
        Set<String> before = new HashSet<>();
        try (var all = view.all()) {
            all.forEachRemaining(kv -> before.add(kv.value.alertId()));
        }
        assertEquals(14, before.size());

        List<String> seen = new ArrayList<>();
        AlertsPage page = AlertsViewReader.read(List.of(view), AlertQuery.all(4));
        int pages = 1;
        while (true) {
            page.alerts().forEach(e -> seen.add(e.alert().alertId()));
            if (page.next() == null) {
                break;
            }
            // meanwhile: a new story, and an update of the oldest story (already read or not)
            publishStory(100 + pages);
            if (pages == 2) {
                publish("copy", "ap", "Europe imposes fresh oil sanctions on Tehran", LEAD);
            }
            AlertQuery next = new AlertQuery(null, null, null, null, null, null, 4, AlertKey.fromCursor(page.next()));
            page = AlertsViewReader.read(List.of(view), next);
            pages++;
        }
        assertEquals(before.size(), seen.size(), "no alert twice: " + seen);
        assertEquals(before, new HashSet<>(seen), "every alert there when paging began");
        assertEquals(4, pages, "4 + 4 + 4 + 2");
        assertFalse(page.more());
    }

    private int count() {
        int n = 0;
        try (var all = view.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }
}
