package io.geoalert.consumer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertDeliveryServiceIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void topics() {
        TopicSetup.ensure(KafkaFixture.bootstrapServers(), TopicSetup.pipelineTopics(3, Topics.DEFAULT_CATEGORIES));
    }

    /** A sink that refuses alerts whose title says so, as a broken webhook endpoint would. */
    private static final class RefusingSink implements AlertSink {
        int attempts;

        @Override
        public String name() {
            return "refusing";
        }

        @Override
        public void deliver(Alert alert) throws java.io.IOException {
            if (alert.title().contains("REFUSE")) {
                attempts++;
                throw new java.io.IOException("endpoint answered 500");
            }
        }
    }

    private static void send(String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ALERTS, key, value)).get();
        }
    }

    @Test
    void deliversToTheFileRetriesAFailingSinkThenSetsTheAlertAside() throws Exception {
        String run = UUID.randomUUID().toString();
        Alert ok = TestAlerts.alert("ok-" + run, "sanctions", "Sanctions widened", Instant.now());
        Alert refused = TestAlerts.alert("refused-" + run, "sanctions", "REFUSE me", Instant.now());
        send(run, Json.toBytes(ok));
        send(run, "not an alert".getBytes(StandardCharsets.UTF_8));
        send(run, Json.toBytes(refused));

        Path file = dir.resolve("alerts.jsonl");
        RefusingSink refusing = new RefusingSink();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConsumerSettings settings = new ConsumerSettings(
                KafkaFixture.bootstrapServers(), "delivery-" + run, 3, Duration.ofMillis(10), Map.of());
        AlertDeliveryService service =
                new AlertDeliveryService(settings, List.of(new JsonLinesFileSink(file), refusing), registry);
        service.start();
        try {
            List<ConsumerRecord<String, byte[]>> dead = TopicReader.await(
                    KafkaFixture.bootstrapServers(),
                    Topics.ALERTS_DLQ,
                    2,
                    r -> run.equals(r.key()),
                    Duration.ofSeconds(30));
            assertEquals("consumer.parse", DeadLetterHeaders.read(dead.get(0).headers(), DeadLetterHeaders.STAGE));
            assertEquals(
                    Topics.ALERTS, DeadLetterHeaders.read(dead.get(0).headers(), DeadLetterHeaders.ORIGINAL_TOPIC));
            assertEquals("consumer.refusing", DeadLetterHeaders.read(dead.get(1).headers(), DeadLetterHeaders.STAGE));
            assertEquals(
                    "endpoint answered 500",
                    DeadLetterHeaders.read(dead.get(1).headers(), DeadLetterHeaders.ERROR_MESSAGE));
            assertEquals(
                    refused.alertId(),
                    Json.read(dead.get(1).value(), Alert.class).alertId());
            assertEquals(3, refusing.attempts);
            assertTrue(service.health().up());
        } finally {
            service.close();
        }
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.stream().anyMatch(l -> l.contains(ok.alertId())), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains(refused.alertId())), "the file sink still got it");
    }

    @Test
    void commitsAfterDeliverySoARestartDoesNotDeliverAgain() throws Exception {
        String run = UUID.randomUUID().toString();
        ConsumerSettings settings =
                new ConsumerSettings(KafkaFixture.bootstrapServers(), "commit-" + run, 1, Duration.ZERO, Map.of());
        Path first = dir.resolve("first.jsonl");
        send(run, Json.toBytes(TestAlerts.alert("c1-" + run, "treaty", "Treaty", Instant.now())));
        runUntil(settings, first, "c1-" + run);

        send(run, Json.toBytes(TestAlerts.alert("c2-" + run, "treaty", "Treaty", Instant.now())));
        Path second = dir.resolve("second.jsonl");
        runUntil(settings, second, "c2-" + run);
        String again = Files.readString(second);
        assertTrue(!again.contains("c1-" + run), "already delivered alert came again: " + again);
    }

    private static void runUntil(ConsumerSettings settings, Path file, String alertId) throws Exception {
        AlertDeliveryService service =
                new AlertDeliveryService(settings, List.of(new JsonLinesFileSink(file)), new SimpleMeterRegistry());
        service.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(Files.exists(file) && Files.readString(file).contains(alertId))) {
                assertTrue(System.nanoTime() < deadline, "alert " + alertId + " was not delivered to " + file);
                Thread.sleep(100);
            }
        } finally {
            service.close();
        }
    }
}
