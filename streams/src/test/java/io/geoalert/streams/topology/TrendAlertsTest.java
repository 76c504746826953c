package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.geoalert.streams.trend.StatsSnapshot;
import io.geoalert.streams.trend.TrendSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spikes of a category or entity through the whole topology, on generated streams of distinct stories
 * at record times the test sets: a steady stream and a slow rise raise nothing, a burst raises one
 * trend alert however many windows it lasts, and the stats count stories, not copies.
 */
class TrendAlertsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    /** One rule whose every story is a {@code drills} story; the default gazetteer names the entities. */
    private static final String RULES = """
            rules:
              - id: naval-drills
                category: drills
                severity: low
                any: [naval drill]
            """;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> news;
    private TestOutputTopic<String, TrendAlert> trends;
    private int stories;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        RuleMatcher matcher = RuleMatcher.compile(RulePack.parse(RULES.getBytes(StandardCharsets.UTF_8), "drills.yaml")
                .validated("drills.yaml"));
        Properties props = StreamsService.properties(
                new StreamsSettings("unused:9092", "trends-test", stateDir, 1, 1, Optional.empty(), Map.of()),
                registry);
        driver = new TopologyTestDriver(
                GeoalertTopology.build(() -> matcher, registry, Clock.fixed(NOW, ZoneOffset.UTC)), props);
        news = driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer());
        trends = driver.createOutputTopic(
                Topics.ALERTS_TRENDS,
                new StringDeserializer(),
                Topic.ALERTS_TRENDS.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void steadyStreamRaisesNoTrend() {
        Instant end = stream(T0, Duration.ofHours(14), hour -> 4, "");
        assertTrue(trends.isEmpty(), () -> "trends on a steady stream: " + trends.readValuesToList());
        assertEquals(14 * 4, storiesCounted("drills", end), "every story counted once");
    }

    @Test
    void burstRaisesExactlyOneTrendAlert() {
        Instant burst = stream(T0, Duration.ofHours(7), hour -> 4, "");
        Instant calm = stream(burst, Duration.ofMinutes(90), hour -> 30, ""); // 18 windows in the burst
        stream(calm, Duration.ofHours(2), hour -> 4, "");

        List<TrendAlert> raised = trends.readValuesToList();
        assertEquals(1, raised.size(), () -> "one trend for the whole burst: " + raised);
        TrendAlert trend = raised.get(0);
        assertEquals(TrendAlert.CATEGORY, trend.kind());
        assertEquals("drills", trend.name());
        assertFalse(trend.windowEnd().isBefore(burst), "raised in the burst");
        assertTrue(trend.windowEnd().isBefore(burst.plus(Duration.ofMinutes(30))), "early in it: " + trend);
        assertEquals(
                1.0,
                registry.get("geoalert.trends.alerts")
                        .tag("kind", "category")
                        .counter()
                        .count());
        assertEquals(
                0.0,
                registry.get("geoalert.trends.alerts")
                        .tag("kind", "entity")
                        .counter()
                        .count());
    }

    @Test
    void aSecondBurstAfterTheFirstHasEndedRaisesASecondTrend() {
        Instant first = stream(T0, Duration.ofHours(7), hour -> 4, "");
        Instant calm = stream(first, Duration.ofHours(1), hour -> 24, "");
        Instant second = stream(calm, Duration.ofHours(6), hour -> 4, "");
        stream(second, Duration.ofHours(1), hour -> 40, "");

        List<TrendAlert> raised = trends.readValuesToList();
        assertEquals(2, raised.size(), () -> "one trend per burst: " + raised);
        assertTrue(raised.get(1).windowEnd().isAfter(second), raised.toString());
    }

    @Test
    void slowRiseRaisesNoTrend() {
        Instant rise = stream(T0, Duration.ofHours(7), hour -> 4, "");
        // from 4 to 12 stories an hour over half a day: three times as many, as news of a crisis builds
        Instant end = stream(rise, Duration.ofHours(12), hour -> 4 + 8 * hour / 12, "");
        stream(end, Duration.ofHours(1), hour -> 12, "");
        assertTrue(trends.isEmpty(), () -> "trends on a slow rise: " + trends.readValuesToList());
    }

    @Test
    void noTrendIsRaisedInTheWarmUpWhenKeysHaveNoPastToBeJudgedOn() {
        // 90 an hour from the very first story: a partition that has just started knows no usual count
        stream(T0, Duration.ofMinutes(30), hour -> 90, "");
        assertTrue(trends.isEmpty(), () -> "trends in the warm-up: " + trends.readValuesToList());
    }

    @Test
    void aTrendNamesItsCountBaselineWindowAndTopStories() {
        Instant burst = stream(T0, Duration.ofHours(7), hour -> 4, "");
        // in the burst every story names Iran; one in five has the drill in its headline (a higher score)
        Instant end = stream(burst, Duration.ofHours(1), hour -> 30, " off Iran");
        List<TestRecord<String, TrendAlert>> raised = trends.readRecordsToList();
        TestRecord<String, TrendAlert> record = raised.stream()
                .filter(r -> r.value().kind().equals(TrendAlert.ENTITY))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no entity trend in " + raised));
        assertEquals("entity:Iran", record.key());
        TrendAlert iran = record.value();
        assertEquals("Iran", iran.name());
        assertTrue(iran.count() >= TrendSettings.DEFAULTS.minCount(), iran.toString());
        assertTrue(iran.baselineMean() < 0.5, "Iran was named in no story before the burst: " + iran);
        assertEquals(1.0, iran.baselineSd(), "the least spread a baseline has");
        assertEquals(iran.count() - iran.baselineMean(), iran.zScore(), 0.01);
        assertEquals(Duration.ofHours(1), Duration.between(iran.windowStart(), iran.windowEnd()));
        assertTrue(iran.windowEnd().isAfter(burst) && !iran.windowEnd().isAfter(end), iran.toString());
        assertEquals(NOW, iran.detectedAt());
        assertEquals(TrendAlert.MAX_TOP_STORIES, iran.topStories().size(), iran.toString());
        assertEquals(
                iran.topStories().stream()
                        .sorted(Comparator.comparingDouble(TrendAlert.Story::score)
                                .reversed())
                        .toList(),
                iran.topStories(),
                "highest score first");
        assertTrue(
                iran.topStories().get(0).title().startsWith("Naval drill"),
                "headline matches score higher: " + iran.topStories());
        for (TrendAlert.Story story : iran.topStories()) {
            assertTrue(story.title().contains("Iran"), story.toString());
            assertFalse(story.alertId().isBlank());
        }
        assertTrue(
                raised.stream().anyMatch(r -> r.key().equals("category:drills")),
                "the drills themselves spiked too: " + raised);
    }

    @Test
    void anUpdateOfAStoryDoesNotCountItTwice() {
        String lead = "Warships from three fleets began a naval drill in the Gulf on Tuesday, the largest of the year,"
                + " with live firing planned for the weekend near Iranian waters, defence officials said.";
        publish("u1", "reuters", "Fleets open naval drill in the Gulf", lead, T0);
        publish("u2", "ap", "Three fleets begin Gulf naval drill", lead, T0.plus(Duration.ofMinutes(10)));
        publish("u3", "afp", "Naval drill in the Gulf begins with three fleets", lead, T0.plus(Duration.ofMinutes(20)));
        List<Alert> alerts = driver
                .createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList()
                .stream()
                .map(bytes -> Json.read(bytes, Alert.class))
                .toList();
        assertEquals(3, alerts.size(), "an alert and two updates: " + alerts);
        assertEquals(2, alerts.stream().filter(Alert::update).count());

        StatsSnapshot stats = MentionStats.read(counts(), T0.plus(Duration.ofHours(1)));
        assertEquals(1, stats.last24Hours().categories().get("drills").total(), stats.toString());
        assertEquals(1, stats.last24Hours().entities().get("Iran").total(), stats.toString());
    }

    @Test
    void statsCountStoriesPerCategoryAndEntityHourByHourOverTheLastDayAndWeek() {
        stream(T0, Duration.ofHours(2), hour -> 3, "");
        stream(T0.plus(Duration.ofDays(3)), Duration.ofHours(1), hour -> 4, " off Iran");
        Instant now = T0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(90));

        StatsSnapshot stats = MentionStats.read(counts(), now);
        assertEquals(now, stats.at());
        StatsSnapshot.Span day = stats.last24Hours();
        assertEquals(T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(2)), day.from());
        assertEquals(T0.plus(Duration.ofDays(3)).plus(Duration.ofHours(2)), day.to(), "the current hour is the last");
        assertEquals(24, day.categories().get("drills").hourly().size());
        assertEquals(4, day.categories().get("drills").total(), "the 6 stories of three days ago are not in the day");
        assertEquals(4L, day.categories().get("drills").hourly().get(22));
        assertEquals(4, day.entities().get("Iran").total());

        StatsSnapshot.Span week = stats.last7Days();
        assertEquals(7 * 24, week.categories().get("drills").hourly().size());
        assertEquals(10, week.categories().get("drills").total());
        int hourOfT0 = 7 * 24 - 3 * 24 - 2;
        assertEquals(3L, week.categories().get("drills").hourly().get(hourOfT0));
        assertEquals(3L, week.categories().get("drills").hourly().get(hourOfT0 + 1));
        assertEquals(4, week.entities().get("Iran").total());
    }

    private WindowStore<String, Long> counts() {
        return driver.getWindowStore(MentionStats.STORE);
    }

    private long storiesCounted(String category, Instant at) {
        return MentionStats.read(counts(), at)
                .last7Days()
                .categories()
                .get(category)
                .total();
    }

    /**
     * Publishes distinct drill stories from {@code from} for {@code span}, evenly spaced at the rate
     * {@code perHour} gives for the hours since {@code from}; returns the end of the span.
     */
    private Instant stream(Instant from, Duration span, DoubleUnaryOperator perHour, String where) {
        Instant end = from.plus(span);
        Instant at = from;
        while (at.isBefore(end)) {
            int n = ++stories;
            // numbers in the headline keep the stories apart; every fifth has the drill in its headline
            String title = n % 5 == 0 ? "Naval drill number " + n + " held" + where : "Exercise " + n + " held" + where;
            publish("d" + n, "wire", title, lead(n) + " naval drill " + n + where + ".", at);
            double hours = Duration.between(from, at).toMillis() / 3_600_000.0;
            at = at.plusMillis((long) (3_600_000 / perHour.applyAsDouble(hours)));
        }
        return end;
    }

    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ru", "te", "so", "pa", "ne", "vi", "do", "ga", "zu", "be", "fo", "hi", "ja"
    };

    /**
     * Ten made-up words, different for each story: distinct leads spread the stories over story keys as
     * real news does (one key crowded with every story would cost each a look-up of 200).
     */
    static String lead(int n) {
        Random random = new Random(n);
        StringBuilder lead = new StringBuilder();
        for (int word = 0; word < 10; word++) {
            for (int syllable = 0; syllable < 3; syllable++) {
                lead.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            lead.append(' ');
        }
        return lead.toString().trim();
    }

    private void publish(String id, String source, String title, String body, Instant at) {
        String json = Json.toString(
                Map.of("id", id, "source", source, "title", title, "url", "https://news.example/" + id, "body", body));
        news.pipeInput(id, json.getBytes(StandardCharsets.UTF_8), at);
    }
}
