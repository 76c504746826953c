package io.geoalert.streams.topology;

import io.geoalert.model.Alert;
import io.geoalert.model.Topic;
import io.geoalert.model.Topics;
import io.geoalert.streams.match.RuleMatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The geoalert stream-processing pipeline, in the order records flow through it:
 * {@code news.raw → validate (bad records → news.dlq) → drop repeated item ids → match rules
 * (a failing rule → news.dlq) → alerts + alerts.<category>}.
 */
public final class GeoalertTopology {

    /** How long an item id is remembered, so that a repeat of it raises nothing. */
    public static final Duration DEFAULT_REPEAT_WINDOW = Duration.ofDays(7);

    static final String NEWS = "news-raw-source";
    static final String VALIDATE = "validate-news";
    static final String DEAD_LETTERS = "news-dlq-sink";
    static final String DROP_REPEATS = "drop-repeated-items";
    static final String MATCH = "match-rules";
    static final String ALL_ALERTS = "alerts-sink";
    static final String ALERTS_BY_CATEGORY = "alerts-by-category-sink";

    private GeoalertTopology() {}

    /**
     * Builds the topology.
     *
     * @param matcher      the rules in force, read for every item so that a swapped matcher applies at once
     * @param repeatWindow how long an item id is remembered to drop repeats of it
     */
    public static Topology build(
            Supplier<RuleMatcher> matcher, MeterRegistry registry, Clock clock, Duration repeatWindow) {
        Counter invalid = Counter.builder("geoalert.dlq.records")
                .tag("stage", ValidateNews.STAGE)
                .description("News records set aside to news.dlq, by the stage that gave up on them")
                .register(registry);
        Counter repeats = Counter.builder("geoalert.news.repeats.dropped")
                .description("Items dropped because their id was already processed within the repeat window")
                .register(registry);
        Serializer<Alert> alerts = Topic.ALERTS.valueSerde().serializer();

        Topology topology = new Topology();
        topology.addSource(
                        NEWS,
                        Topic.NEWS_RAW.keySerde().deserializer(),
                        Topic.NEWS_RAW.valueSerde().deserializer(),
                        Topic.NEWS_RAW.name())
                .addProcessor(VALIDATE, () -> new ValidateNews(DROP_REPEATS, DEAD_LETTERS, invalid), NEWS)
                .addProcessor(DROP_REPEATS, () -> new DropRepeats(repeatWindow, repeats), VALIDATE)
                .addStateStore(
                        Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(DropRepeats.STORE, repeatWindow, repeatWindow, false),
                                Serdes.String(),
                                Serdes.Long()),
                        DROP_REPEATS)
                .addProcessor(
                        MATCH,
                        () -> new MatchRules(
                                matcher, registry, clock, List.of(ALL_ALERTS, ALERTS_BY_CATEGORY), DEAD_LETTERS),
                        DROP_REPEATS)
                .addSink(
                        ALL_ALERTS, Topic.ALERTS.name(), Topic.ALERTS.keySerde().serializer(), alerts, MATCH)
                .addSink(
                        ALERTS_BY_CATEGORY,
                        (key, alert, context) -> Topics.alertsFor(alert.category()),
                        Topic.ALERTS.keySerde().serializer(),
                        alerts,
                        MATCH)
                .addSink(
                        DEAD_LETTERS,
                        Topic.NEWS_DLQ.name(),
                        Topic.NEWS_DLQ.keySerde().serializer(),
                        Topic.NEWS_DLQ.valueSerde().serializer(),
                        VALIDATE,
                        MATCH);
        return topology;
    }

    /** The topology with the default repeat window. */
    public static Topology build(Supplier<RuleMatcher> matcher, MeterRegistry registry, Clock clock) {
        return build(matcher, registry, clock, DEFAULT_REPEAT_WINDOW);
    }
}
