package io.geoalert.consumer.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.geoalert.changes.RejectedRecord;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.testing.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The subscriptions topic and its follower on a real broker. Ids are unique per test: the topic is shared. */
class SubscriptionsFollowerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final KafkaClients kafka = KafkaClients.of(KafkaFixture.bootstrapServers());
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private SubscriptionsTopic topic;

    @BeforeEach
    void createTopic() {
        topic = new SubscriptionsTopic(kafka, Clock.systemUTC());
        open.add(topic);
        topic.ensure();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static Subscription file(String id, String path) {
        return SubscriptionParser.parse(SubscriptionParser.json(
                ("{\"id\": \"" + id + "\", \"channel\": {\"type\": \"file\", \"path\": \"" + path + "\"}}")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private SubscriptionsFollower follower(List<Subscription> configured, SimpleMeterRegistry registry) {
        SubscriptionsFollower follower = new SubscriptionsFollower(kafka, configured, registry, Clock.systemUTC());
        open.add(follower);
        follower.catchUp(WAIT);
        follower.start();
        return follower;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void changesOnTheTopicAreFollowedWithoutRestartAndEveryListenerHearsThem() throws Exception {
        String configured = "configured-" + run;
        String added = "added-" + run;
        SubscriptionsFollower follower = follower(List.of(file(configured, "c.jsonl")), new SimpleMeterRegistry());
        List<Map<String, Subscription>> heard = new CopyOnWriteArrayList<>();
        follower.subscribe(heard::add);
        assertEquals(1, heard.size(), "a listener hears the subscriptions in force at once");
        assertTrue(heard.get(0).containsKey(configured));
        assertFalse(heard.get(0).containsKey(added));

        SubscriptionRecord first = topic.put(file(added, "first.jsonl"), 1);
        assertTrue(follower.awaitApplied(added, 1, WAIT));
        assertEquals(1, follower.current().get(added).version());
        assertEquals(
                "first.jsonl",
                follower.current().get(added).channel().settings().get("path"));
        assertEquals(first.writeId(), follower.latest(added).writeId());
        assertTrue(heard.get(heard.size() - 1).containsKey(added), "the listener heard of the new subscription");

        topic.put(file(added, "second.jsonl"), 2);
        assertTrue(follower.awaitApplied(added, 2, WAIT));
        assertEquals(
                "second.jsonl",
                follower.current().get(added).channel().settings().get("path"));
        assertEquals(
                "second.jsonl",
                heard.get(heard.size() - 1).get(added).channel().settings().get("path"));
        assertTrue(follower.current().containsKey(configured), "the configured subscription is still in force");
        assertTrue(follower.health().up(), follower.health().detail());
    }

    @Test
    void aDeletionMarkerRemovesAConfiguredSubscriptionAndStillDoesAfterARestart() throws Exception {
        String id = "deleted-" + run;
        List<Subscription> configured = List.of(file(id, "d.jsonl"), file("kept-" + run, "k.jsonl"));
        SubscriptionsFollower first = follower(configured, new SimpleMeterRegistry());
        assertTrue(first.current().containsKey(id));
        topic.delete(id, first.versionOf(id) + 1);
        assertTrue(first.awaitApplied(id, 1, WAIT));
        assertFalse(first.current().containsKey(id));
        first.close();

        // a fresh instance with the same config file: the marker is a record, not a tombstone, so it is still read
        SubscriptionsFollower restarted = follower(configured, new SimpleMeterRegistry());
        assertFalse(restarted.current().containsKey(id), "the deletion survives the restart");
        assertTrue(restarted.current().containsKey("kept-" + run));
        assertEquals(1, restarted.versionOf(id));
        SubscriptionRecord marker = topic.readAll(WAIT).get(id);
        assertNotNull(marker);
        assertTrue(marker.deleted());
        assertEquals(1, marker.version());
        assertMarkerIsNotATombstone(id);
    }

    private void assertMarkerIsNotATombstone(String id) {
        try (KafkaConsumer<String, byte[]> consumer = SubscriptionsTopic.consumer(kafka)) {
            List<ConsumerRecord<String, byte[]>> mine = new CopyOnWriteArrayList<>();
            io.geoalert.kafka.TopicReplay.fromBeginning(consumer, Topics.SUBSCRIPTIONS, WAIT, r -> {
                if (id.equals(r.key())) {
                    mine.add(r);
                }
            });
            assertEquals(1, mine.size());
            assertNotNull(mine.get(0).value());
            assertEquals(
                    "1",
                    new String(
                            mine.get(0)
                                    .headers()
                                    .lastHeader("geoalert.subscription.version")
                                    .value(),
                            StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStaleVersionOrABadRecordIsRefusedCountedAndListedAndTheSubscriptionInForceStays() throws Exception {
        String id = "stale-" + run;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SubscriptionsFollower follower = follower(List.of(), registry);
        topic.put(file(id, "first.jsonl"), 1);
        assertTrue(follower.awaitApplied(id, 1, WAIT));

        topic.put(file(id, "late-writer.jsonl"), 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.SUBSCRIPTIONS, id, "{written by hand".getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
        await(
                "both records refused",
                () -> follower.rejected().stream()
                                .filter(r -> id.equals(r.key()))
                                .count()
                        == 2);
        List<RejectedRecord> mine =
                follower.rejected().stream().filter(r -> id.equals(r.key())).toList();
        assertEquals(
                "version 1 is not above the version in force (1)", mine.get(0).reason());
        assertTrue(mine.get(1).reason().startsWith("unreadable"), mine.get(1).reason());
        assertEquals(
                "first.jsonl", follower.current().get(id).channel().settings().get("path"));
        assertTrue(
                registry.get("geoalert.subscriptions.records.refused").counter().count() >= 2, "refusals are counted");
        assertTrue(follower.health().up(), "a refused record does not take the follower down");
        assertTrue(
                follower.health().detail().contains("subscription record(s) refused"),
                follower.health().detail());
        assertFalse(Json.toString(follower.rejected()).contains("{written by hand"), "the record itself is not echoed");
    }

    @Test
    void writersNumberAfterTheLatestRecordOnTheTopic() {
        String id = "numbered-" + run;
        assertEquals(1, SubscriptionsTopic.nextVersion(id, topic.readAll(WAIT)));
        topic.put(file(id, "a.jsonl"), topic.readAll(WAIT));
        SubscriptionRecord second = topic.put(file(id, "b.jsonl"), topic.readAll(WAIT));
        assertEquals(2, second.version());
        assertEquals(3, SubscriptionsTopic.nextVersion(id, topic.readAll(WAIT)));
    }
}
