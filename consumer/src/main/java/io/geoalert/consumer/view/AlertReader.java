package io.geoalert.consumer.view;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.geoalert.ops.SupervisedLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.CloseOptions;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Follows one alert topic without a consumer group (nothing is committed): starts at most
 * {@code backlog} records before the end of each partition and hands every alert on.
 * Used in the foreground by {@code geoalert tail} ({@link #run()}) and, as a supervised
 * {@link Service}, by the recent-alerts view behind {@code GET /v1/alerts}; after a restart it
 * goes on from where it was, so no alert is handed on twice.
 */
public final class AlertReader implements Runnable, Service {

    private static final Logger log = LoggerFactory.getLogger(AlertReader.class);
    private static final Backoff TOPIC_WAIT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
    /** {@code geoalert tail} runs without a supervisor: a failure ends the command. */
    private static final SupervisedLoop.Control FOREGROUND = new SupervisedLoop.Control() {
        @Override
        public boolean running() {
            return true;
        }

        @Override
        public void healthy() {
        }
    };

    private final KafkaClients kafka;
    private final String topic;
    private final long backlog;
    private final Consumer<Alert> onAlert;
    private final SupervisedLoop loop;
    /** Next offset to read per partition, kept across restarts of the loop. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;

    /**
     * @param backlog records per partition to replay before following; {@code Long.MAX_VALUE} for all
     */
    public AlertReader(KafkaClients kafka, String topic, long backlog, Consumer<Alert> onAlert, MeterRegistry registry) {
        this.kafka = kafka;
        this.topic = topic;
        this.backlog = backlog;
        this.onAlert = onAlert;
        this.loop = new SupervisedLoop("recent-alerts", this::follow, registry);
    }

    /** For {@code geoalert tail}, which runs it in the foreground and has no metrics. */
    public AlertReader(KafkaClients kafka, String topic, long backlog, Consumer<Alert> onAlert) {
        this(kafka, topic, backlog, onAlert, new SimpleMeterRegistry());
    }

    @Override
    public String name() {
        return "recent-alerts";
    }

    /** Follows the topic on a supervised background thread. */
    @Override
    public void start() {
        loop.start();
    }

    @Override
    public Health.Status health() {
        return loop.health();
    }

    /** Follows the topic on the calling thread until {@link #close()}. */
    @Override
    public void run() {
        follow(FOREGROUND);
    }

    private void follow(SupervisedLoop.Control control) {
        KafkaConsumer<String, byte[]> kafka = this.kafka.consumer(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "geoalert-reader-" + topic),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer = kafka;
        try {
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = awaitPartitions(kafka);
            kafka.assign(partitions);
            Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
            Map<TopicPartition, Long> begins = kafka.beginningOffsets(partitions);
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                long from = backlog >= end ? begins.get(tp) : Math.max(begins.get(tp), end - backlog);
                kafka.seek(tp, Math.max(positions.getOrDefault(tp, from), begins.get(tp)));
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
                    // moved past before it is handed on: an alert that breaks the handler is not retried forever
                    positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    Alert alert;
                    try {
                        alert = Json.read(record.value(), Alert.class);
                    } catch (RuntimeException e) {
                        log.warn("skipping unreadable alert {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                        continue;
                    }
                    onAlert.accept(alert);
                }
                control.healthy();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer = null;
            kafka.close(CloseOptions.timeout(Duration.ofSeconds(3)));
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> kafka) {
        for (int attempt = 1; running; attempt++) {
            List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            Duration wait = TOPIC_WAIT.delay(attempt);
            log.info("waiting for topic {} to exist; looking again in {} ms", topic, wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
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
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        loop.close();
    }
}
