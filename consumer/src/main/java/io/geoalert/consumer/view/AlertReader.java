package io.geoalert.consumer.view;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows one alert topic without a consumer group (nothing is committed): starts at most
 * {@code backlog} records before the end of each partition and hands every alert on.
 * Used by {@code geoalert tail} and by the recent-alerts view behind {@code GET /v1/alerts}.
 */
public final class AlertReader implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertReader.class);

    private final String topic;
    private final long backlog;
    private final Consumer<Alert> onAlert;
    private final KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;

    /**
     * @param backlog records per partition to replay before following; {@code Long.MAX_VALUE} for all
     */
    public AlertReader(String bootstrapServers, String topic, long backlog, Consumer<Alert> onAlert) {
        this.topic = topic;
        this.backlog = backlog;
        this.onAlert = onAlert;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "geoalert-reader-" + topic),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                long from = backlog >= end ? begins.get(tp) : Math.max(begins.get(tp), end - backlog);
                consumer.seek(tp, from);
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        onAlert.accept(Json.read(record.value(), Alert.class));
                    } catch (RuntimeException e) {
                        log.warn("skipping unreadable alert {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(3)));
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            log.info("waiting for topic {} to exist", topic);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        throw new WakeupException();
    }

    /** Stops following; safe from any thread. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
