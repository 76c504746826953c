package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Topic;
import io.geoalert.model.Topics;
import io.geoalert.model.TrendAlert;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.streams.trend.MentionStats;
import io.geoalert.testing.MovingClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record stamped far in the future is processed at the clock's now plus five minutes, so that the
 * records after it are not late: through the whole topology, copies still join their story, repeats
 * are still dropped, and a burst still raises its trend.
 */
class ClampedTimestampsTest {

    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant NEXT_YEAR = Instant.parse("2027-11-20T00:00:00Z");

    /** The lead a wire and its copy share: 40 words and more, so that the copy is one story with it. */
    private static final String COPIED_LEAD = "Ministers meeting in Luxembourg on Thursday adopted sanctions on twelve"
            + " tanker operators that ship Iranian oil, the first such step this year, two diplomats told reporters"
            + " there, adding that a second list naming insurers and port agents could follow before the summit"
            + " next month.";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Counter clampedCount = registry.counter("clamped");
    private final MovingClock clock = new MovingClock(T0);
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> news;

    @TempDir
    Path stateDir;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void keepsATimestampUpToFiveMinutesPastTheClock() {
        ClampedTimestamps timestamps = new ClampedTimestamps(clock, clampedCount);
        long skewed = T0.plus(ClampedTimestamps.MAX_SKEW).toEpochMilli();
        assertEquals(skewed, timestamps.extract(stamped(skewed), -1));
        assertEquals(
                T0.minusSeconds(1).toEpochMilli(),
                timestamps.extract(stamped(T0.minusSeconds(1).toEpochMilli()), -1));
        assertEquals(0.0, clampedCount.count());
    }

    @Test
    void clampsATimestampFurtherAheadToTheClockPlusFiveMinutesAndCountsIt() {
        ClampedTimestamps timestamps = new ClampedTimestamps(clock, clampedCount);
        long latest = T0.plus(ClampedTimestamps.MAX_SKEW).toEpochMilli();
        assertEquals(latest, timestamps.extract(stamped(latest + 1), -1));
        assertEquals(latest, timestamps.extract(stamped(NEXT_YEAR.toEpochMilli()), -1));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(latest + 60_000, timestamps.extract(stamped(NEXT_YEAR.toEpochMilli()), -1), "follows the clock");
        assertEquals(3.0, clampedCount.count());
    }

    @Test
    void aRecordWithoutAValidTimestampTakesItsPartitionsTimeOrElseNow() {
        ClampedTimestamps timestamps = new ClampedTimestamps(clock, clampedCount);
        long partitionTime = clock.millis() - 60_000;
        assertEquals(partitionTime, timestamps.extract(stamped(-1), partitionTime));
        assertEquals(clock.millis(), timestamps.extract(stamped(-1), -1));
    }

    @Test
    void afterAFarFutureItemCopiesStillJoinTheirStoryAndRepeatsAreStillDropped() {
        start(RulePack.defaults());
        String lead = "Finance ministers of the bloc agreed on Thursday to impose new sanctions on shipping firms"
                + " carrying Iranian crude to refiners abroad, officials said after a long meeting in Brussels.";
        publish(
                "ff-1",
                "rogue",
                "Bloc readies sanctions on Iranian crude shippers",
                "https://rogue.example/ff",
                lead,
                NEXT_YEAR);
        clock.advance(Duration.ofMinutes(10));
        publish(
                "ff-2",
                "reuters",
                "Bloc imposes sanctions on shippers of Iranian crude",
                "https://wire.example/ff2",
                COPIED_LEAD,
                clock.instant());
        clock.advance(Duration.ofMinutes(10));
        publish(
                "ff-3",
                "ap",
                "EU adopts sanctions on tanker operators shipping Iranian oil",
                "https://ap.example/ff3",
                COPIED_LEAD,
                clock.instant());
        clock.advance(Duration.ofMinutes(10));
        publish(
                "ff-2",
                "reuters",
                "Bloc imposes sanctions on shippers of Iranian crude",
                "https://wire.example/ff2",
                COPIED_LEAD,
                clock.instant());

        List<Alert> alerts = driver
                .createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList()
                .stream()
                .map(bytes -> Json.read(bytes, Alert.class))
                .toList();
        List<Alert> ofFf2 =
                alerts.stream().filter(a -> a.itemId().equals("ff-2")).toList();
        assertTrue(ofFf2.stream().anyMatch(a -> !a.update()), "the normal item alerts: " + alerts);
        assertTrue(
                ofFf2.stream().filter(Alert::update).allMatch(a -> a.sources().equals(List.of("reuters", "ap"))),
                "the copy from AP updates ff-2's story: " + alerts);
        assertEquals(
                ofFf2.stream().filter(a -> !a.update()).count(),
                ofFf2.stream().filter(Alert::update).count(),
                "one update per alert of the story, no second story: " + alerts);
        assertTrue(alerts.stream().noneMatch(a -> a.itemId().equals("ff-3")), "ff-3 raised nothing of its own");
        assertEquals(
                1.0, registry.get("geoalert.news.repeats.dropped").counter().count(), "ff-2 again is a repeat");
        assertEquals(
                1.0, registry.get("geoalert.news.timestamps.clamped").counter().count());
    }

    @Test
    void afterAFarFutureItemABurstStillRaisesOneTrendAndItsStoriesAreCounted() {
        start(RulePack.parse("""
                        rules:
                          - id: naval-drills
                            category: drills
                            severity: low
                            any: [naval drill]
                        """.getBytes(StandardCharsets.UTF_8), "drills.yaml")
                .validated("drills.yaml"));
        publish(
                "far",
                "rogue",
                "Naval drill number 0 held",
                "",
                TrendAlertsTest.lead(0) + " naval drill 0.",
                NEXT_YEAR);
        int n = 0;
        Instant burst = T0.plus(Duration.ofHours(7));
        Instant end = burst.plus(Duration.ofHours(1));
        while (clock.instant().isBefore(end)) {
            n++;
            publish(
                    "d" + n,
                    "wire",
                    "Exercise " + n + " held",
                    "",
                    TrendAlertsTest.lead(n) + " naval drill " + n + ".",
                    clock.instant());
            clock.advance(clock.instant().isBefore(burst) ? Duration.ofMinutes(15) : Duration.ofMinutes(2));
        }

        List<TrendAlert> trends = driver.createOutputTopic(
                        Topics.ALERTS_TRENDS,
                        new StringDeserializer(),
                        Topic.ALERTS_TRENDS.valueSerde().deserializer())
                .readValuesToList();
        assertEquals(1, trends.size(), () -> "one trend for the burst: " + trends);
        assertEquals("drills", trends.get(0).name());
        assertTrue(!trends.get(0).windowEnd().isBefore(burst), trends.toString());
        long counted = MentionStats.read(driver.getWindowStore(MentionStats.STORE), end)
                .last24Hours()
                .categories()
                .get("drills")
                .total();
        assertEquals(n + 1, counted, "every story counted, the far-future one at the clock's now plus five minutes");
    }

    private void start(RulePack rules) {
        RuleMatcher matcher = RuleMatcher.compile(rules);
        driver = new TopologyTestDriver(
                GeoalertTopology.build(() -> matcher, registry, clock),
                StreamsService.properties(
                        new StreamsSettings("unused:9092", "clamped-test", stateDir, 1, 1, Optional.empty(), Map.of()),
                        registry));
        news = driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer());
    }

    private void publish(String id, String source, String title, String url, String body, Instant stamped) {
        String json = Json.toString(Map.of(
                "id",
                id,
                "source",
                source,
                "title",
                title,
                "url",
                url.isEmpty() ? "https://news.example/" + id : url,
                "body",
                body));
        news.pipeInput(id, json.getBytes(StandardCharsets.UTF_8), stamped);
    }

    private static ConsumerRecord<Object, Object> stamped(long timestamp) {
        return new ConsumerRecord<>(
                Topics.NEWS_RAW,
                0,
                42L,
                timestamp,
                TimestampType.CREATE_TIME,
                0,
                0,
                "key",
                new byte[0],
                new RecordHeaders(),
                Optional.empty());
    }
}
