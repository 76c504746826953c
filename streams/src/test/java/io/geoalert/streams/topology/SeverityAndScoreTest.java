package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert's severity and score, part by part, as documented in {@code AlertFactory}: the rule's
 * severity, title hits, mentions, the weightiest entity named, and corroboration, which can raise the
 * severity of an update.
 */
class SeverityAndScoreTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    /** A snapback desk's pack: Iran and the E3 weigh double, Russia less than usual. */
    private static final String PACK = """
            entities:
              Iran: {type: state, aliases: [iran, iranian, tehran], weight: 2.0}
              E3: {type: group, aliases: [e3], members: [France], weight: 2.0}
              France: {type: state, aliases: [france, french]}
              Russia: {type: state, aliases: [russia, russian], weight: 0.5}
              Chile: {type: state, aliases: [chile, chilean]}
            rules:
              - id: oil-sanctions
                category: sanctions
                severity: medium
                any: [sanction]
            """;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> news;
    private TestOutputTopic<String, byte[]> alerts;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RuleMatcher matcher = RuleMatcher.compile(RulePack.parse(PACK.getBytes(StandardCharsets.UTF_8), "desk.yaml")
                .validated("desk.yaml"));
        driver = new TopologyTestDriver(
                GeoalertTopology.build(
                        // the clock stands after the items (a minute apart), whose times are not clamped
                        () -> matcher, registry, Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC)),
                StreamsService.properties(
                        new StreamsSettings("unused:9092", "score-test", stateDir, 1, 1, Optional.empty(), Map.of()),
                        registry));
        news = driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theScoreIsTheSumOfItsDocumentedParts() {
        Alert alert = raise("s1", "wire", "Chile faces sanctions", "The sanctions on copper and the sanction list.");
        assertEquals(
                Map.of(
                        "severity", 4.0, // medium
                        "mentions", 3.0, // three mentions of the rule's term
                        "inTitle", 2.0, // one of them in the headline
                        "entityWeight", 0.0, // Chile weighs the default 1
                        "corroboration", 0.0), // one source
                alert.scoreParts());
        assertEquals(9.0, alert.score());
        assertEquals(Severity.MEDIUM, alert.severity());
    }

    @Test
    void entityWeightRaisesTheScore() {
        Alert chile = raise("e1", "wire", "Chile faces oil sanctions", "Copper buyers expect the sanctions to last.");
        Alert iran = raise("e2", "wire", "Iran faces oil sanctions", "Tanker owners fear the sanctions will widen.");
        Alert e3 = raise("e3", "wire", "E3 backs oil sanctions", "Diplomats drafted the sanctions in Brussels.");
        assertEquals(2.0, iran.scoreParts().get("entityWeight"), "weight 2: as much as one severity level");
        assertEquals(chile.score() + 2.0, iran.score());
        assertEquals(iran.score(), e3.score(), "a group weighs as it is weighted");
        assertEquals(Severity.MEDIUM, iran.severity(), "weight raises the score, not the severity");
    }

    @Test
    void theWeightiestEntityNamedCountsAndAWeightBelowOneLowersTheScore() {
        Alert russia = raise("w1", "wire", "Russia faces gas sanctions", "Pipeline firms expect the sanctions soon.");
        Alert both = raise(
                "w2", "wire", "Russia and Iran face shipping sanctions", "Insurers said the sanctions hit freight.");
        assertEquals(-1.0, russia.scoreParts().get("entityWeight"));
        assertEquals(2.0, both.scoreParts().get("entityWeight"));
    }

    @Test
    void corroborationUpdateRaisesSeverity() {
        String lead = "European Union foreign ministers agreed on Monday to impose new sanctions on Iranian oil"
                + " exports and on the tankers that carry them, diplomats said, after months of talks over how to"
                + " respond to the expansion of the country's uranium enrichment programme. The measures take"
                + " effect next month.";
        Alert first = raise("c1", "reuters", "EU agrees new sanctions on Iranian oil", lead);
        Alert second = raise("c2", "ap", "Europe imposes fresh oil sanctions on Tehran", lead);
        Alert third = raise("c3", "afp", "EU oil sanctions on Iran agreed", lead);

        assertEquals(Severity.MEDIUM, first.severity());
        assertTrue(second.update());
        assertEquals(Severity.MEDIUM, second.severity(), "two sources: the rule's severity");
        assertTrue(third.update());
        assertEquals(first.alertId(), third.alertId());
        assertEquals(3, third.corroboration());
        assertEquals(Severity.HIGH, third.severity(), "three sources: one level up");
        assertEquals(6.0, third.scoreParts().get("severity"));
        assertEquals(2.0, third.scoreParts().get("corroboration"));
        assertEquals(first.scoreParts().get("entityWeight"), third.scoreParts().get("entityWeight"));
        assertEquals(first.score() + 2.0 + 2.0, third.score(), 1e-9);
    }

    /** Publishes one item a minute after the last and returns the one alert or update it raised. */
    private Alert raise(String id, String source, String title, String body) {
        String json = Json.toString(
                Map.of("id", id, "source", source, "title", title, "url", "https://news.example/" + id, "body", body));
        news.pipeInput(id, json.getBytes(StandardCharsets.UTF_8), T0.plus(Duration.ofMinutes(published++)));
        List<Alert> raised = alerts.readValuesToList().stream()
                .map(bytes -> Json.read(bytes, Alert.class))
                .toList();
        assertEquals(1, raised.size(), raised.toString());
        return raised.get(0);
    }

    private int published;
}
