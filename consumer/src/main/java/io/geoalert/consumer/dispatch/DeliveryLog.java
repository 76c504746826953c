package io.geoalert.consumer.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.geoalert.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of the alerts delivered to one subscription: one record per alert on
 * {@code geoalert.deliveries} (key {@code subscriptionId|alertId}, value the delivery id and time),
 * all of a subscription's in one partition chosen by its id, so a dispatcher reads only its own.
 * Loaded at start into a bounded set (the most recent ones), caught up when partitions of the
 * alert topic are assigned, so a restart or a rebalance sends nothing twice. Not thread-safe.
 */
final class DeliveryLog {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);
    private static final Duration READ_LIMIT = Duration.ofSeconds(60);

    /** The value of a delivery record. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String deliveryId, Instant at) {}

    private final String topic;
    private final String subscriptionId;
    private final String prefix;
    private final int capacity;
    private final Consumer<String, byte[]> reader;
    private final Producer<String, byte[]> producer;
    private final Map<String, Boolean> delivered;
    private TopicPartition partition;

    DeliveryLog(
            String topic,
            String subscriptionId,
            int capacity,
            Consumer<String, byte[]> reader,
            Producer<String, byte[]> producer) {
        this.topic = topic;
        this.subscriptionId = subscriptionId;
        this.prefix = subscriptionId + "|";
        this.capacity = capacity;
        this.reader = reader;
        this.producer = producer;
        this.delivered = new LinkedHashMap<>(1024, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > DeliveryLog.this.capacity;
            }
        };
    }

    /** The partition of a subscription's records among {@code partitions}. */
    static int partitionFor(String subscriptionId, int partitions) {
        return Utils.toPositive(Utils.murmur2(subscriptionId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Reads this subscription's records from the beginning of its partition. */
    void load() {
        List<PartitionInfo> partitions = reader.partitionsFor(topic, READ_LIMIT);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException(
                    "topic " + topic + " does not exist; it is created with the others at start");
        }
        partition = new TopicPartition(topic, partitionFor(subscriptionId, partitions.size()));
        reader.assign(List.of(partition));
        reader.seekToBeginning(List.of(partition));
        int read = catchUp();
        log.info("subscription {}: {} delivered alert(s) remembered from {}", subscriptionId, delivered.size(), topic);
        if (read > capacity) {
            log.info("subscription {}: {} records read, the {} most recent kept", subscriptionId, read, capacity);
        }
    }

    /** Reads what was written since the last read (another instance may have delivered meanwhile). */
    int catchUp() {
        long end = reader.endOffsets(List.of(partition), READ_LIMIT).get(partition);
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        int read = 0;
        while (reader.position(partition, READ_LIMIT) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "could not read " + partition + " to its end (" + end + ") within " + READ_LIMIT);
            }
            for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                String key = record.key();
                if (key != null && key.startsWith(prefix) && record.value() != null) {
                    delivered.put(key.substring(prefix.length()), Boolean.TRUE);
                    read++;
                }
            }
        }
        return read;
    }

    boolean contains(String alertId) {
        return delivered.containsKey(alertId);
    }

    /** Remembers a delivered alert here and writes its record; the future completes once Kafka has it. */
    Future<RecordMetadata> record(String alertId, String deliveryId, Instant at) {
        delivered.put(alertId, Boolean.TRUE);
        return producer.send(new ProducerRecord<>(
                topic, partition.partition(), prefix + alertId, Json.toBytes(new Entry(deliveryId, at))));
    }

    int size() {
        return delivered.size();
    }
}
