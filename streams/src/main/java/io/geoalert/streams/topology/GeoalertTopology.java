package io.geoalert.streams.topology;

import io.geoalert.kafka.Topics;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.streams.match.RuleMatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The geoalert stream-processing pipeline, in the order records flow through it:
 * {@code news.raw → validate (bad records → news.dlq) → match rules → alerts + alerts.<category>}.
 */
public final class GeoalertTopology {

    static final String NEWS = "news-raw-source";
    static final String VALIDATE = "validate-news";
    static final String DEAD_LETTERS = "news-dlq-sink";
    static final String MATCH = "match-rules";
    static final String ALL_ALERTS = "alerts-sink";
    static final String ALERTS_BY_CATEGORY = "alerts-by-category-sink";

    private GeoalertTopology() {
    }

    /**
     * Builds the topology.
     *
     * @param matcher the rules in force, read for every item so that a swapped matcher applies at once
     */
    public static Topology build(Supplier<RuleMatcher> matcher, MeterRegistry registry, Clock clock) {
        Counter deadLettered = Counter.builder("geoalert.dlq.records").tag("stage", ValidateNews.STAGE)
                .description("News records set aside to news.dlq").register(registry);
        Serializer<Alert> alerts = (topic, alert) -> Json.toBytes(alert);

        Topology topology = new Topology();
        topology.addSource(NEWS, new StringDeserializer(), new ByteArrayDeserializer(), Topics.NEWS_RAW)
                .addProcessor(VALIDATE, () -> new ValidateNews(MATCH, DEAD_LETTERS, deadLettered), NEWS)
                .addSink(DEAD_LETTERS, Topics.NEWS_DLQ, new StringSerializer(), new ByteArraySerializer(), VALIDATE)
                .addProcessor(MATCH, () -> new MatchRules(matcher, registry, clock), VALIDATE)
                .addSink(ALL_ALERTS, Topics.ALERTS, new StringSerializer(), alerts, MATCH)
                .addSink(ALERTS_BY_CATEGORY, (key, alert, context) -> Topics.alertsFor(alert.category()),
                        new StringSerializer(), alerts, MATCH);
        return topology;
    }
}
