package io.geoalert.consumer.subscription;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicReplay;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Reads and writes subscription changes on {@code geoalert.subscriptions}. The subscriptions in
 * force are the configured ones overlaid by the latest record of each id on the topic (see
 * {@link SubscriptionsFollower}).
 */
public final class SubscriptionsTopic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionsTopic.class);

    private final KafkaClients kafka;
    private final Clock clock;
    private KafkaProducer<String, byte[]> producer;

    public SubscriptionsTopic(KafkaClients kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    /** Creates the topic (compacted, one partition) when it is missing. */
    public void ensure() {
        TopicSetup.ensure(kafka, List.of(TopicSetup.subscriptionsTopic()));
    }

    /**
     * The latest record written for each id, read to the current end, so that a writer such as
     * {@code subscriptions add} numbers its changes after them. Unreadable records are skipped.
     */
    public Map<String, SubscriptionRecord> readAll(Duration timeout) {
        Map<String, SubscriptionRecord> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            TopicReplay.fromBeginning(consumer, Topics.SUBSCRIPTIONS, timeout, record -> {
                if (record.value() == null) {
                    return;
                }
                try {
                    SubscriptionRecord change = Json.read(record.value(), SubscriptionRecord.class);
                    if (change.id() != null) {
                        latest.merge(change.id(), change, (a, b) -> b.version() >= a.version() ? b : a);
                    }
                } catch (RuntimeException e) {
                    log.debug("skipping unreadable subscription record {}@{}", record.key(), record.offset());
                }
            });
        }
        return latest;
    }

    static KafkaConsumer<String, byte[]> consumer(KafkaClients kafka) {
        return kafka.consumer(
                Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "geoalert-subscriptions-reader"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * Writes a subscription at {@code version} (assigned by the caller as one above the version in
     * force; the subscription's own version is ignored), secrets as written.
     *
     * @return the record written
     */
    public SubscriptionRecord put(Subscription subscription, int version) {
        SubscriptionRecord record = SubscriptionRecord.put(subscription, version, clock.instant());
        send(record);
        return record;
    }

    /** As {@link #put(Subscription, int)}, numbering after the latest records read with {@link #readAll}. */
    public SubscriptionRecord put(Subscription subscription, Map<String, SubscriptionRecord> current) {
        return put(subscription, nextVersion(subscription.id(), current));
    }

    /** Writes a deletion marker for the subscription at {@code version}. */
    public SubscriptionRecord delete(String id, int version) {
        SubscriptionRecord record = SubscriptionRecord.delete(id, version, clock.instant());
        send(record);
        return record;
    }

    /** One above the latest version written for {@code id} (configured subscriptions are at 0). */
    public static int nextVersion(String id, Map<String, SubscriptionRecord> current) {
        SubscriptionRecord onTopic = current.get(id);
        return (onTopic == null ? 0 : onTopic.version()) + 1;
    }

    private synchronized void send(SubscriptionRecord record) {
        if (producer == null) {
            producer = kafka.producer(
                    Map.of(
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.CLIENT_ID_CONFIG, "geoalert-subscriptions-writer"),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                "geoalert.subscription.version",
                Integer.toString(record.version()).getBytes(StandardCharsets.UTF_8));
        headers.add(
                "geoalert.subscription.changed-at",
                record.changedAt().toString().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(Topics.SUBSCRIPTIONS, null, record.id(), Json.toBytes(record), headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "could not write subscription '" + record.id() + "' to " + Topics.SUBSCRIPTIONS + ": "
                            + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing subscription '" + record.id() + "'", e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(3));
        }
    }
}
