package io.geoalert.producer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsPartitions;
import io.geoalert.model.Topics;
import io.geoalert.producer.ingest.JsonLinesIngest;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NewsPublisherIT {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void topics() {
        TopicSetup.ensure(KafkaFixture.bootstrapServers(), TopicSetup.pipelineTopics(3, Topics.DEFAULT_CATEGORIES));
    }

    private NewsPublisher publisher() {
        return new NewsPublisher(
                ProducerSettings.of(KafkaFixture.bootstrapServers()), registry, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void publishesEachItemKeyedByItsIdAndStampsFetchedAt() throws Exception {
        String id = "pub-" + UUID.randomUUID();
        try (NewsPublisher publisher = publisher()) {
            publisher
                    .publish(new NewsItem(
                            id, "wire", "Title", "https://x.org/" + id, null, null, null, null, null, null, null))
                    .get();
        }
        ConsumerRecord<String, byte[]> record = TopicReader.await(
                        KafkaFixture.bootstrapServers(),
                        Topics.NEWS_RAW,
                        1,
                        r -> id.equals(r.key()),
                        Duration.ofSeconds(20))
                .get(0);
        NewsItem stored = Json.read(record.value(), NewsItem.class);
        assertEquals(id, stored.id());
        assertEquals(NOW, stored.fetchedAt());
        assertEquals(
                1.0,
                registry.counter("geoalert.news.published", "source", "wire").count());
    }

    @Test
    void putsItemsOnThePartitionOfTheirPageKeyedByTheirOwnIds() throws Exception {
        String run = UUID.randomUUID().toString();
        String url = "https://wire.example/page-" + run;
        RecordMetadata first;
        RecordMetadata copy;
        try (NewsPublisher publisher = publisher()) {
            first = publisher
                    .publish(new NewsItem("a-" + run, "wire", "One", url, null, null, null, null, null, null, null))
                    .get();
            copy = publisher
                    .publish(new NewsItem(
                            "b-" + run, "ap", "Two", url + "?utm_source=ap", null, null, null, null, null, null, null))
                    .get();
        }
        int partitions;
        try (Admin admin = KafkaClients.of(KafkaFixture.bootstrapServers()).admin(Map.of())) {
            partitions = admin.describeTopics(List.of(Topics.NEWS_RAW))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.NEWS_RAW)
                    .partitions()
                    .size();
        }
        assertEquals(NewsPartitions.partitionOf("a-" + run, url, partitions), first.partition());
        assertEquals(first.partition(), copy.partition(), "one page, one partition");
        List<ConsumerRecord<String, byte[]>> published = TopicReader.await(
                KafkaFixture.bootstrapServers(),
                Topics.NEWS_RAW,
                2,
                r -> r.key() != null && r.key().endsWith(run),
                Duration.ofSeconds(20));
        assertEquals(
                List.of("a-" + run, "b-" + run),
                published.stream().map(ConsumerRecord::key).sorted().toList(),
                "keyed by item id");
    }

    @Test
    void setsABadLineAsideWithItsLineNumberAndPublishesTheRest() throws Exception {
        String run = UUID.randomUUID().toString();
        String lines = "{\"id\":\"good1-" + run + "\",\"source\":\"s\",\"title\":\"One\",\"url\":\"http://x/1\"}\n"
                + "{\"id\":\"bad-" + run + "\", \"title\": oops}\n"
                + "\n"
                + "{\"id\":\"good2-" + run + "\",\"source\":\"s\",\"title\":\"Two\",\"body\":\"b\"}\n";
        JsonLinesIngest.Result result;
        try (NewsPublisher publisher = publisher()) {
            result = new JsonLinesIngest(publisher)
                    .publish(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), "file:test-" + run);
        }
        assertEquals(new JsonLinesIngest.Result(2, 1), result);

        List<ConsumerRecord<String, byte[]>> published = TopicReader.await(
                KafkaFixture.bootstrapServers(),
                Topics.NEWS_RAW,
                2,
                r -> r.key() != null && r.key().endsWith(run),
                Duration.ofSeconds(20));
        assertEquals(2, published.size());

        ConsumerRecord<String, byte[]> dead = TopicReader.await(
                        KafkaFixture.bootstrapServers(),
                        Topics.NEWS_DLQ,
                        1,
                        r -> ("file:test-" + run)
                                .equals(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.ORIGINAL_TOPIC)),
                        Duration.ofSeconds(20))
                .get(0);
        assertEquals("{\"id\":\"bad-" + run + "\", \"title\": oops}", new String(dead.value(), StandardCharsets.UTF_8));
        assertEquals("2", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET));
        assertEquals("producer", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.STAGE));
        assertTrue(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE)
                .startsWith("malformed JSON"));
    }
}
