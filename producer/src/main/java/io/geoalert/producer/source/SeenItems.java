package io.geoalert.producer.source;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicFollower;
import io.geoalert.kafka.TopicReplay;
import io.geoalert.model.Topics;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ids of feed items already published, kept durably on the compacted topic
 * {@code geoalert.feeds.seen}: loaded when created, then followed by a supervised loop (so the
 * marks of other producer processes arrive too), and in memory up to a bound, oldest forgotten first.
 */
public final class SeenItems implements Service {

    private final KafkaClients kafka;
    private final Map<String, Boolean> seen;
    private final KafkaProducer<String, byte[]> producer;
    private final TopicFollower<String, byte[]> follower;

    public SeenItems(KafkaClients kafka, int capacity, MeterRegistry registry) {
        this.kafka = kafka;
        this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
        this.producer = kafka.producer(
                Map.of(
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.CLIENT_ID_CONFIG, "geoalert-feeds-seen"),
                new StringSerializer(),
                new ByteArraySerializer());
        // the marks of other producer processes arrive through the follower, after the load
        this.follower = new TopicFollower<>(
                "feeds-seen-follower",
                Topics.FEEDS_SEEN,
                this::consumer,
                Duration.ofSeconds(1),
                TopicFollower.Start.BEGINNING,
                this::remember,
                registry);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            awaitTopic(consumer, Duration.ofSeconds(30));
            TopicReplay.fromBeginning(consumer, Topics.FEEDS_SEEN, Duration.ofSeconds(60), this::remember);
            follower.continueFrom(consumer);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /** A topic just created may take a moment to show in metadata; the load must not mistake that for "missing". */
    private static void awaitTopic(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var partitions = consumer.partitionsFor(Topics.FEEDS_SEEN, Duration.ofSeconds(5));
            if (partitions != null && !partitions.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "topic " + Topics.FEEDS_SEEN + " does not exist after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + Topics.FEEDS_SEEN, e);
            }
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return kafka.consumer(
                Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "geoalert-feeds-seen-reader"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private void remember(ConsumerRecord<String, byte[]> record) {
        if (record.key() != null) {
            synchronized (seen) {
                seen.put(record.key(), Boolean.TRUE);
            }
        }
    }

    @Override
    public String name() {
        return "feeds-seen";
    }

    /** Starts following the topic. */
    @Override
    public void start() {
        follower.start();
    }

    @Override
    public Health.Status health() {
        return follower.health();
    }

    public boolean contains(String id) {
        synchronized (seen) {
            return seen.containsKey(id);
        }
    }

    public int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    /**
     * Records an item as published; call it only once the item itself is acknowledged. The future
     * completes when Kafka has the mark.
     */
    public CompletableFuture<Void> add(String id, String feed) {
        synchronized (seen) {
            seen.put(id, Boolean.TRUE);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        var unused = producer.send(
                new ProducerRecord<>(Topics.FEEDS_SEEN, id, feed.getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(error);
                    }
                });
        return done;
    }

    @Override
    public void close() {
        follower.close();
        producer.close(Duration.ofSeconds(3));
    }
}
