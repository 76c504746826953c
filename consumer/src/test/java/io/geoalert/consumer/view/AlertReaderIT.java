package io.geoalert.consumer.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.testing.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class AlertReaderIT {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void send(String topic, List<String> ids) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaFixture.bootstrapServers(),
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        1),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (String id : ids) {
                Alert alert = TestAlerts.alert(id, "nuclear", "Reactor " + id, Instant.now());
                producer.send(new ProducerRecord<>(topic, id, Json.toBytes(alert)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aHandlerThatBreaksRestartsTheReaderWhichGoesOnWhereItWasWithoutRepeats() throws Exception {
        String topic = "reader-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        send(topic, List.of("a0", "a1", "a2"));
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean broken = new AtomicBoolean();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AlertReader reader = new AlertReader(
                io.geoalert.kafka.KafkaClients.of(KafkaFixture.bootstrapServers()),
                topic,
                Long.MAX_VALUE,
                alert -> {
                    seen.add(alert.alertId());
                    if (alert.alertId().equals("a1") && broken.compareAndSet(false, true)) {
                        throw new IllegalStateException("the view broke");
                    }
                },
                registry);
        reader.start();
        try {
            await(
                    "the failure to show on health",
                    () -> !reader.health().up() && reader.health().detail().contains("the view broke"));
            await("the reader to come back", () -> reader.health().up() && seen.size() == 3);
            send(topic, List.of("a3"));
            await("a new alert after the restart", () -> seen.contains("a3"));
            assertEquals(List.of("a0", "a1", "a2", "a3"), seen, "replayed or skipped after the restart");
            assertEquals(
                    1.0,
                    registry.get("geoalert.loop.failures")
                            .tag("loop", "recent-alerts")
                            .counter()
                            .count());
        } finally {
            reader.close();
        }
    }
}
