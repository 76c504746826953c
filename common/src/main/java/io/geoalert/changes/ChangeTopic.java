package io.geoalert.changes;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicReplay;
import io.geoalert.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the records of one change topic: the latest record per id, read to the current
 * end, and each change written keyed by its id by an idempotent producer that waits for every
 * replica, with its version and change time as headers.
 */
public final class ChangeTopic<R extends VersionedRecord> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeTopic.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients kafka;
    private final ChangeKind<R> kind;
    private KafkaProducer<String, byte[]> producer;

    public ChangeTopic(KafkaClients kafka, ChangeKind<R> kind) {
        this.kafka = kafka;
        this.kind = kind;
    }

    /** A consumer that reads the topic without a group and commits nothing; the caller assigns and closes it. */
    public static KafkaConsumer<String, byte[]> consumer(KafkaClients kafka, ChangeKind<?> kind) {
        return kafka.consumer(
                Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "geoalert-" + kind.plural() + "-reader"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * The record of the highest version written for each id, read to the current end, so that a
     * writer numbers its changes after them. Unreadable records and tombstones are skipped.
     */
    public Map<String, R> readAll(Duration timeout) {
        Map<String, R> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka, kind)) {
            TopicReplay.fromBeginning(consumer, kind.topic(), timeout, record -> {
                if (record.value() == null) {
                    return;
                }
                try {
                    R change = Json.read(record.value(), kind.type());
                    if (change.id() != null) {
                        latest.merge(change.id(), change, (a, b) -> b.version() >= a.version() ? b : a);
                    }
                } catch (RuntimeException e) {
                    log.debug("skipping unreadable {} record {}@{}", kind.noun(), record.key(), record.offset());
                }
            });
        }
        return latest;
    }

    /**
     * Writes one change and waits for every replica to have it.
     *
     * @return {@code record}
     * @throws IllegalStateException naming the record when it could not be written
     */
    public synchronized R write(R record) {
        if (producer == null) {
            producer = kafka.producer(
                    Map.of(
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                            true,
                            ProducerConfig.CLIENT_ID_CONFIG,
                            "geoalert-" + kind.plural() + "-writer"),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                kind.headerPrefix() + ".version",
                Integer.toString(record.version()).getBytes(StandardCharsets.UTF_8));
        headers.add(
                kind.headerPrefix() + ".changed-at",
                record.changedAt().toString().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(kind.topic(), null, record.id(), Json.toBytes(record), headers))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return record;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "could not write " + kind.noun() + " '" + record.id() + "' to " + kind.topic() + ": "
                            + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + kind.noun() + " '" + record.id() + "'", e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(3));
        }
    }
}
