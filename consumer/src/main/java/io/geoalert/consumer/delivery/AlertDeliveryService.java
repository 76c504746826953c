package io.geoalert.consumer.delivery;

import io.geoalert.kafka.DeadLetterHeaders;
import io.geoalert.kafka.Topics;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.ops.Health;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Reads {@code alerts} in a consumer group and hands each alert to every sink, retrying a
 * failing sink with backoff; offsets are committed only after delivery. An unreadable alert,
 * or one a sink still refuses after the last attempt, goes to {@code alerts.dlq} with headers.
 */
public final class AlertDeliveryService implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertDeliveryService.class);

    private final ConsumerSettings settings;
    private final List<AlertSink> sinks;
    private final MeterRegistry registry;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> deadLetters;
    private final KafkaClientMetrics consumerMetrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile boolean polling;
    private volatile String lastError;

    public AlertDeliveryService(ConsumerSettings settings, List<AlertSink> sinks, MeterRegistry registry) {
        this.settings = settings;
        this.sinks = List.copyOf(sinks);
        this.registry = registry;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // alerts are written in Streams transactions; never deliver an aborted one
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putAll(settings.overrides());
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-dlq",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer());
        this.consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(registry);
    }

    @Override
    public void run() {
        started = true;
        try {
            consumer.subscribe(List.of(Topics.ALERTS));
            while (running) {
                polling = true;
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : batch) {
                    handle(record);
                }
                if (!batch.isEmpty()) {
                    for (AlertSink sink : sinks) {
                        flush(sink);
                    }
                    deadLetters.flush();
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            lastError = e.toString();
            log.error("alert delivery stopped: {}", e.toString(), e);
        } finally {
            polling = false;
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            stopped.countDown();
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        Alert alert;
        try {
            alert = Json.read(record.value(), Alert.class);
        } catch (RuntimeException e) {
            log.warn("alert {}-{}@{} is unreadable, set aside to {}: {}", record.topic(), record.partition(),
                    record.offset(), Topics.ALERTS_DLQ, e.getMessage());
            deadLetter(record, "consumer.parse", e);
            return;
        }
        for (AlertSink sink : sinks) {
            deliver(sink, alert, record);
        }
    }

    private void deliver(AlertSink sink, Alert alert, ConsumerRecord<String, byte[]> record) {
        Exception last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                sink.deliver(alert);
                registry.counter("geoalert.alerts.delivered", "sink", sink.name(), "category", alert.category()).increment();
                return;
            } catch (Exception e) {
                last = e;
                registry.counter("geoalert.alerts.delivery.failures", "sink", sink.name()).increment();
                if (attempt < settings.maxAttempts()) {
                    sleep(settings.retryBackoff().multipliedBy(1L << (attempt - 1)));
                }
            }
        }
        log.warn("sink {} gave up on alert {} after {} attempts, set aside to {}: {}", sink.name(), alert.alertId(),
                settings.maxAttempts(), Topics.ALERTS_DLQ, last.toString());
        deadLetter(record, "consumer." + sink.name(), last);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String stage, Exception why) {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.addTo(headers, stage, record.topic(), record.partition(), record.offset(), why);
        registry.counter("geoalert.dlq.records", "stage", stage).increment();
        deadLetters.send(new ProducerRecord<>(Topics.ALERTS_DLQ, null, record.key(), record.value(), headers));
    }

    private void flush(AlertSink sink) {
        try {
            sink.flush();
        } catch (Exception e) {
            lastError = "sink " + sink.name() + ": " + e;
            log.warn("sink {} failed to flush: {}", sink.name(), e.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** UP while the poll loop runs. */
    public Health.Status health() {
        if (polling) {
            return Health.Status.up("delivering to " + sinks.stream().map(AlertSink::name).toList());
        }
        return Health.Status.down(lastError == null ? "not polling" : lastError);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (started) {
            consumer.wakeup();
            stopped.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        deadLetters.close(Duration.ofSeconds(3));
        consumerMetrics.close();
        for (AlertSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                log.warn("sink {} did not close cleanly: {}", sink.name(), e.toString());
            }
        }
    }
}
