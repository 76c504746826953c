package io.geoalert.consumer.delivery;

import static org.junit.jupiter.api.Assertions.fail;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.testing.KafkaFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A test's own alert topic on the shared broker: fills it, reads the group's commits, prints the fault line. */
final class FaultBench implements AutoCloseable {

    /** Where one produced alert landed. */
    record Sent(Alert alert, TopicPartition partition, long offset) {}

    final String run;
    final String topic;
    final String deadLetterTopic;
    final Admin admin;

    FaultBench(String run, int partitions, Map<String, String> deadLetterConfig) throws Exception {
        this.run = run;
        this.topic = "fault-alerts-" + run;
        this.deadLetterTopic = "fault-alerts-dlq-" + run;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.bootstrapServers()));
        admin.createTopics(List.of(
                        new NewTopic(topic, partitions, (short) 1),
                        new NewTopic(deadLetterTopic, 1, (short) 1).configs(deadLetterConfig)))
                .all()
                .get(30, TimeUnit.SECONDS);
        // producing before every partition has a leader can leave an idempotent producer retrying out of sequence
        await("leaders for " + topic, Duration.ofSeconds(30), this::leadersElected);
    }

    private boolean leadersElected() {
        try {
            return admin
                    .describeTopics(List.of(topic, deadLetterTopic))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .values()
                    .stream()
                    .flatMap(t -> t.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (Exception e) {
            return false;
        }
    }

    ConsumerSettings settings(
            String group, int maxAttempts, Duration backoff, Duration maxBackoff, Map<String, String> overrides) {
        return new ConsumerSettings(KafkaFixture.bootstrapServers(), group, maxAttempts, backoff, overrides)
                .withMaxRetryBackoff(maxBackoff)
                .withTopics(topic, deadLetterTopic);
    }

    /** Sends {@code count} alerts, the i-th titled "REFUSE" when {@code refused} says so; waits for every ack. */
    List<Sent> fill(int count, IntPredicate refused) throws Exception {
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaFixture.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        1),
                new StringSerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
            List<Alert> alerts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Alert alert = TestAlerts.alert(
                        String.format(Locale.ROOT, "%s-%04d", run, i),
                        "sanctions",
                        refused.test(i) ? "REFUSE " + i : "Sanctions widened " + i,
                        Instant.now());
                alerts.add(alert);
                acks.add(producer.send(new ProducerRecord<>(topic, alert.alertId(), Json.toBytes(alert))));
            }
            for (int i = 0; i < count; i++) {
                RecordMetadata meta = acks.get(i).get(30, TimeUnit.SECONDS);
                sent.add(new Sent(alerts.get(i), new TopicPartition(meta.topic(), meta.partition()), meta.offset()));
            }
        }
        return sent;
    }

    /** The group's committed offsets on this topic; empty when nothing was committed. */
    Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets.forEach((tp, o) -> {
            if (o != null && tp.topic().equals(topic)) {
                out.put(tp, o.offset());
            }
        });
        return out;
    }

    long committedTotal(String group) throws Exception {
        return committed(group).values().stream().mapToLong(Long::longValue).sum();
    }

    long endTotal() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(r -> r.offset())
                .sum();
    }

    /** Waits until {@code condition} holds, or fails naming what was awaited. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    /** The one line each fault test prints. */
    static void report(String fault, int in, int expected, int seen, int doubled, Duration recovery) {
        System.out.printf(
                Locale.ROOT,
                "[fault] %s: in=%d expected=%d seen=%d lost=%d doubled=%d recovery=%.1fs%n",
                fault,
                in,
                expected,
                seen,
                expected - seen,
                doubled,
                recovery.toMillis() / 1000.0);
    }

    @Override
    public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        try {
            admin.deleteTopics(List.of(topic, deadLetterTopic)).all().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
