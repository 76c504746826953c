package io.geoalert.streams.backtest;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicReplay;
import io.geoalert.model.InvalidNewsItemException;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsItemReader;
import io.geoalert.model.Topics;
import io.geoalert.streams.match.RuleMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Replays the history retained in {@code news.raw} through candidate rules without alerting
 * anyone: how often each rule would have fired since a point in time, with a few examples.
 */
public final class Backtest {

    /** One rule's outcome: items it fired on, and up to a few of their titles. */
    public record RuleCount(String ruleId, String category, int fired, List<String> examples) {}

    /** The whole run: what was read and what each rule did. */
    public record Report(Instant since, int itemsRead, int unreadable, long millis, List<RuleCount> rules) {}

    private Backtest() {}

    public static Report run(KafkaClients kafka, RuleMatcher matcher, Instant since, int examples, Duration timeout) {
        long started = System.nanoTime();
        Tally tally = new Tally(matcher, examples);
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(
                Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2000,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "geoalert-backtest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            // a backtest that runs out of time reports what it read until then
            TopicReplay.since(consumer, Topics.NEWS_RAW, since, timeout, tally::add);
        }
        List<RuleCount> counts = new ArrayList<>();
        tally.fired.forEach((id, n) -> counts.add(new RuleCount(
                id,
                matcher.pack().rules().stream()
                        .filter(r -> r.id().equals(id))
                        .findFirst()
                        .map(r -> r.category())
                        .orElse("?"),
                n,
                tally.samples.getOrDefault(id, List.of()))));
        return new Report(since, tally.read, tally.unreadable, (System.nanoTime() - started) / 1_000_000, counts);
    }

    /** What the replayed items did: items read, unreadable records, and for each rule its count and examples. */
    private static final class Tally {
        private final RuleMatcher matcher;
        private final int examples;
        private final Map<String, Integer> fired = new LinkedHashMap<>();
        private final Map<String, List<String>> samples = new HashMap<>();
        private int read;
        private int unreadable;

        Tally(RuleMatcher matcher, int examples) {
            this.matcher = matcher;
            this.examples = examples;
            matcher.pack().rules().stream().filter(r -> r.isEnabled()).forEach(r -> fired.put(r.id(), 0));
        }

        void add(ConsumerRecord<String, byte[]> record) {
            NewsItem item;
            try {
                item = NewsItemReader.read(record.value());
            } catch (InvalidNewsItemException e) {
                unreadable++;
                return;
            }
            read++;
            for (RuleMatcher.Hit hit : matcher.match(item).hits()) {
                fired.merge(hit.rule().id(), 1, Integer::sum);
                List<String> list = samples.computeIfAbsent(hit.rule().id(), k -> new ArrayList<>());
                if (list.size() < examples && !list.contains(item.title())) {
                    list.add(item.title());
                }
            }
        }
    }
}
