package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A story candidate whose page belongs on the partition it was read from goes straight to the page
 * stage; any other goes through the stories-by-url topic. Both paths reach one page index and one
 * story, so what the pipeline raises does not depend on the path. (The test driver has one partition
 * of each topic: the first candidate takes the topic, since the partition count is learned from it,
 * and every later one is local.)
 */
class FollowPagesLocallyTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private static final String LEAD = "Foreign ministers of the bloc agreed late on Tuesday to impose fresh sanctions"
            + " on the shipping companies that carry Iranian crude to refiners abroad, officials said after a"
            + " meeting in Luxembourg that ran through the night.";

    @TempDir
    Path stateDir;

    @Test
    void aCopyOfAPageReadLocallyJoinsTheStoryOfOneThatCameThroughTheTopic() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<Alert> alerts = run(registry, true, (news) -> {
            publish(news, "fpl-1", "reuters", "Bloc agrees oil sanctions", "https://news.example/fpl-page", LEAD, 0);
            // the same page from another source, told in other words: only the page makes it a copy
            publish(
                    news,
                    "fpl-2",
                    "ap",
                    "Tanker firms face new sanctions",
                    "https://news.example/fpl-page?utm_source=ap",
                    "Shipping companies that move crude for Tehran will be barred from European ports, the"
                            + " sanctions text says.",
                    30);
        });
        List<Alert> first = alerts.stream().filter(a -> !a.update()).toList();
        List<Alert> updates = alerts.stream().filter(Alert::update).toList();
        assertFalse(first.isEmpty(), "the first item alerts: " + alerts);
        assertEquals(first.size(), updates.size(), "one update per alert of the story: " + alerts);
        for (Alert update : updates) {
            assertEquals("fpl-1", update.storyId());
            assertEquals(List.of("reuters", "ap"), update.sources());
        }
        assertEquals(1.0, candidates(registry, "topic"), "the first candidate, before the partition count is known");
        assertEquals(1.0, candidates(registry, "local"), "the copy, on its page's partition");
    }

    @Test
    void theLocalPathAndTheTopicPathRaiseTheSameAlertsAndUpdates() {
        SimpleMeterRegistry localRegistry = new SimpleMeterRegistry();
        SimpleMeterRegistry topicRegistry = new SimpleMeterRegistry();
        List<Alert> local = run(localRegistry, true, FollowPagesLocallyTest::stories);
        List<Alert> viaTopic = run(topicRegistry, false, FollowPagesLocallyTest::stories);

        assertTrue(local.stream().anyMatch(Alert::update), "the stories hold copies: " + local);
        assertEquals(viaTopic, local);
        assertTrue(candidates(localRegistry, "local") > 0);
        assertEquals(0.0, candidates(topicRegistry, "local"), "switched off, every candidate takes the topic");
    }

    @Test
    void aFollowSettingOtherThanTrueOrFalseIsRefusedNamingTheKey() {
        assertTrue(FingerprintStories.followLocally(Map.of()));
        assertFalse(FingerprintStories.followLocally(Map.of(FingerprintStories.FOLLOW_PAGES_LOCALLY, "false")));
        ConfigException refused = assertThrows(
                ConfigException.class,
                () -> FingerprintStories.followLocally(Map.of(FingerprintStories.FOLLOW_PAGES_LOCALLY, "sometimes")));
        assertTrue(refused.getMessage().contains(FingerprintStories.FOLLOW_PAGES_LOCALLY), refused.getMessage());
    }

    /** Copies by page, copies by text on other pages, a wire repeating itself, and a story of its own. */
    private static void stories(TestInputTopic<String, byte[]> news) {
        publish(news, "fps-1", "reuters", "EU agrees oil sanctions on Iran", "https://wire.example/fps-1", LEAD, 0);
        publish(news, "fps-2", "ap", "Europe imposes oil sanctions", "https://ap.example/fps-2", LEAD, 10);
        publish(
                news,
                "fps-3",
                "afp",
                "Shippers targeted",
                "https://wire.example/fps-1#update",
                "Sanctions on shippers, in short.",
                20);
        publish(news, "fps-4", "reuters", "(RPT) EU agrees oil sanctions", "https://wire.example/fps-4", LEAD, 30);
        publish(
                news,
                "fps-5",
                "dpa",
                "Parliament extends timber sanctions",
                "https://dpa.example/fps-5",
                "Lawmakers voted on Wednesday to extend the sanctions on timber imports from the region for"
                        + " another year, after a short debate in the chamber.",
                40);
        publish(news, "fps-6", "bbc", "Oil sanctions agreed", "https://bbc.example/fps-6", LEAD, 50);
    }

    private List<Alert> run(
            MeterRegistry registry,
            boolean followLocally,
            java.util.function.Consumer<TestInputTopic<String, byte[]>> feed) {
        Properties props = StreamsService.properties(
                new StreamsSettings(
                        "unused:9092",
                        "follow-pages-test",
                        stateDir.resolve(followLocally ? "local" : "topic"),
                        1,
                        1,
                        Optional.empty(),
                        Map.of()),
                registry);
        props.put(FingerprintStories.FOLLOW_PAGES_LOCALLY, Boolean.toString(followLocally));
        try (TopologyTestDriver driver = new TopologyTestDriver(
                GeoalertTopology.build(
                        () -> RuleMatcher.compile(RulePack.defaults()), registry, Clock.fixed(NOW, ZoneOffset.UTC)),
                props)) {
            feed.accept(driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer()));
            return driver
                    .createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer())
                    .readValuesToList()
                    .stream()
                    .map(bytes -> Json.read(bytes, Alert.class))
                    .toList();
        }
    }

    private static void publish(
            TestInputTopic<String, byte[]> news,
            String id,
            String source,
            String title,
            String url,
            String body,
            int minutes) {
        String json = Json.toString(Map.of("id", id, "source", source, "title", title, "url", url, "body", body));
        news.pipeInput(id, json.getBytes(StandardCharsets.UTF_8), T0.plus(Duration.ofMinutes(minutes)));
    }

    private static double candidates(MeterRegistry registry, String route) {
        return registry.get("geoalert.stories.candidates")
                .tag("route", route)
                .counter()
                .count();
    }
}
