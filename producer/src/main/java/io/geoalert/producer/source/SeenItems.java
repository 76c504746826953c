package io.geoalert.producer.source;

import io.geoalert.kafka.TopicReplay;
import io.geoalert.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The ids of feed items already published, kept durably on the compacted topic
 * {@code geoalert.feeds.seen} (loaded at start) and in memory up to a bound, oldest forgotten first.
 */
public final class SeenItems implements AutoCloseable {

    private final Map<String, Boolean> seen;
    private final KafkaProducer<String, byte[]> producer;

    public SeenItems(String bootstrapServers, int capacity) {
        this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "geoalert-feeds-seen"), new StringSerializer(), new ByteArraySerializer());
        load(bootstrapServers);
    }

    private void load(String bootstrapServers) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicReplay.fromBeginning(consumer, Topics.FEEDS_SEEN, Duration.ofSeconds(60), record -> {
                synchronized (seen) {
                    seen.put(record.key(), Boolean.TRUE);
                }
            });
        }
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

    /** Records an item as published; the future completes when Kafka has the record. */
    public CompletableFuture<Void> add(String id, String feed) {
        synchronized (seen) {
            seen.put(id, Boolean.TRUE);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Topics.FEEDS_SEEN, id, feed.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
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
        producer.close(Duration.ofSeconds(3));
    }
}
