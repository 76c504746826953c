package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.broker.EmbeddedKafkaBroker;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Alert;
import io.geoalert.model.ItemIds;
import io.geoalert.model.Json;
import io.geoalert.model.NewsPartitions;
import io.geoalert.model.Topics;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.testing.TempDirs;
import io.geoalert.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Two copies of one story arrive on different partitions of a six-partition {@code news.raw}, on a
 * real broker: the stream processor's repartition topics make them meet, so the story raises one
 * alert per rule and the copy one update; a third copy from a source already counted raises nothing.
 * Then one page arrives twice: on its own partition, where it is followed without a hop, and on another,
 * whence it takes the stories-by-url topic to the same page index: one story.
 */
class StoriesAcrossPartitionsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String LEAD = "European Union foreign ministers agreed on Monday to impose new sanctions on"
            + " Iranian oil exports and on the tankers that carry them, diplomats said, after months of talks over"
            + " how to respond to the expansion of the country's uranium enrichment programme.";

    @Test
    void twoCopiesOnDifferentPartitionsRaiseOneAlertAndOneUpdate() throws Exception {
        // a broker of its own, so that news.raw is created here with six partitions
        Path dir = TempDirs.create("geoalert-stories-it");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, 6)) {
            run(broker.bootstrapServers(), dir);
        }
    }

    private void run(String bootstrap, Path dir) throws Exception {
        TopicSetup.ensure(bootstrap, TopicSetup.pipelineTopics(6, Topics.DEFAULT_CATEGORIES));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "stories-it-" + run;
        RuleMatcher rules = RuleMatcher.compile(
                RulePack.parse("""
                        rules:
                          - id: oil-sanctions
                            category: sanctions
                            severity: high
                            any: [sanction]
                        """.getBytes(StandardCharsets.UTF_8), "it.yaml").validated("it.yaml"));
        StreamsSettings settings =
                new StreamsSettings(bootstrap, applicationId, dir.resolve("streams"), 2, 6, Optional.empty(), Map.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaStreams streams = new KafkaStreams(
                        GeoalertTopology.build(() -> rules, registry, Clock.systemUTC()),
                        StreamsService.properties(settings, registry));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            streams.start();
            awaitRunning(streams);

            String first = "first-" + run;
            String copy = "copy-" + run;
            String repeat = "repeat-" + run;
            RecordMetadata firstAt = send(producer, 0, first, "reuters", "EU agrees new sanctions on Iranian oil");
            ConsumerRecord<String, byte[]> alert = TopicReader.await(
                            bootstrap, Topics.ALERTS, 1, r -> first.equals(r.key()), WAIT)
                    .get(0);
            Alert raised = Json.read(alert.value(), Alert.class);
            assertFalse(raised.update(), "the first copy alerts at once, before any other copy is sent");
            assertEquals(ItemIds.alertId("oil-sanctions", first), raised.alertId());

            RecordMetadata copyAt = send(producer, 3, copy, "ap", "Europe imposes fresh oil sanctions on Tehran");
            RecordMetadata repeatAt =
                    send(producer, 5, repeat, "reuters", "(RPT) EU agrees new sanctions on Iranian oil");
            assertEquals(0, firstAt.partition());
            assertEquals(3, copyAt.partition());
            assertEquals(5, repeatAt.partition());

            List<Alert> story =
                    TopicReader.await(bootstrap, Topics.ALERTS, 2, r -> first.equals(r.key()), WAIT).stream()
                            .map(r -> Json.read(r.value(), Alert.class))
                            .toList();
            Alert update = story.get(1);
            assertTrue(update.update());
            assertEquals(raised.alertId(), update.alertId());
            assertEquals(2, update.corroboration());
            assertEquals(List.of("reuters", "ap"), update.sources());
            assertEquals(first, update.storyId());

            // the category topic carries the same two records
            TopicReader.await(bootstrap, Topics.alertsFor("sanctions"), 2, r -> first.equals(r.key()), WAIT);
            // a sentinel of another story, sent after the repeat to the repeat's partition, shows the repeat was read
            String sentinel = "sentinel-" + run;
            send(
                    producer,
                    5,
                    sentinel,
                    "afp",
                    "Parliament debates sanctions on timber imports",
                    "Lawmakers debated" + " whether to extend the timber sanctions for another year.");
            TopicReader.await(bootstrap, Topics.ALERTS, 1, r -> sentinel.equals(r.key()), WAIT);
            List<ConsumerRecord<String, byte[]>> all =
                    TopicReader.readToEnd(bootstrap, Topics.ALERTS, r -> r.key().endsWith(run));
            assertEquals(3, all.size(), "one alert and one update for the story, one alert for the sentinel: " + all);

            // one page read twice: on its own partition (followed where it is read) and on another (through
            // the stories-by-url topic); the second copy, told in other words, joins the first by its page only
            String page = "https://wire.example/page-" + run;
            int home = NewsPartitions.partitionOf("local-" + run + "-a", page, 6);
            String local = "local-" + run + "-a";
            String remote = "remote-" + run + "-b";
            double localBefore = candidates(registry, "local");
            RecordMetadata localAt = send(
                    producer,
                    home,
                    local,
                    "dpa",
                    "Brussels widens shipping sanctions",
                    page,
                    "Ministers widened the shipping sanctions to cover insurers of the tankers on Thursday.");
            assertEquals(home, localAt.partition());
            TopicReader.await(bootstrap, Topics.ALERTS, 1, r -> local.equals(r.key()), WAIT);
            assertEquals(
                    localBefore + 1,
                    candidates(registry, "local"),
                    "the item on its page's partition was followed there");
            double topicBefore = candidates(registry, "topic");
            send(
                    producer,
                    (home + 1) % 6,
                    remote,
                    "bbc",
                    "Insurers of oil tankers face EU sanctions",
                    page + "?utm_source=bbc",
                    "Companies insuring the vessels will be barred from the bloc's market, officials said.");
            List<Alert> pageStory =
                    TopicReader.await(bootstrap, Topics.ALERTS, 2, r -> local.equals(r.key()), WAIT).stream()
                            .map(r -> Json.read(r.value(), Alert.class))
                            .toList();
            assertTrue(pageStory.get(1).update(), "the copy on another partition updates the story: " + pageStory);
            assertEquals(List.of("dpa", "bbc"), pageStory.get(1).sources());
            assertEquals(local, pageStory.get(1).storyId());
            assertTrue(
                    TopicReader.readToEnd(bootstrap, Topics.ALERTS, r -> remote.equals(r.key()))
                            .isEmpty(),
                    "the copy raises no alert of its own");
            assertEquals(
                    topicBefore + 1, candidates(registry, "topic"), "the copy on another partition took the topic");

            try (Admin admin = KafkaClients.of(bootstrap).admin(Map.of())) {
                for (String topic : List.of(
                        applicationId + "-" + GeoalertTopology.BY_URL, applicationId + "-" + GeoalertTopology.BY_KEY)) {
                    TopicDescription described = admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic);
                    assertEquals(6, described.partitions().size(), topic + " has as many partitions as news.raw");
                }
            }
            System.out.printf(
                    "[stories] copies on partitions %d, %d and %d of news.raw: %d alert records (1 alert, 1 update)%n",
                    firstAt.partition(), copyAt.partition(), repeatAt.partition(), story.size());
        }
    }

    private static RecordMetadata send(
            KafkaProducer<String, byte[]> producer, int partition, String id, String source, String title)
            throws Exception {
        return send(producer, partition, id, source, title, LEAD);
    }

    private static double candidates(SimpleMeterRegistry registry, String route) {
        return registry.get("geoalert.stories.candidates")
                .tag("route", route)
                .counter()
                .count();
    }

    private static RecordMetadata send(
            KafkaProducer<String, byte[]> producer, int partition, String id, String source, String title, String body)
            throws Exception {
        return send(producer, partition, id, source, title, "https://" + source + ".example/" + id, body);
    }

    private static RecordMetadata send(
            KafkaProducer<String, byte[]> producer,
            int partition,
            String id,
            String source,
            String title,
            String url,
            String body)
            throws Exception {
        String json = Json.toString(Map.of("id", id, "source", source, "title", title, "url", url, "body", body));
        return producer.send(
                        new ProducerRecord<>(Topics.NEWS_RAW, partition, id, json.getBytes(StandardCharsets.UTF_8)))
                .get(30, TimeUnit.SECONDS);
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            assertTrue(System.nanoTime() < deadline, "streams RUNNING within " + WAIT + ", is " + streams.state());
            Thread.sleep(100);
        }
    }
}
