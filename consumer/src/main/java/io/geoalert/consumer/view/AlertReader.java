package io.geoalert.consumer.view;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicFollower;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one alert topic without a consumer group (nothing is committed): starts at most
 * {@code backlog} records before the end of each partition and hands every alert on.
 * Used in the foreground by {@code geoalert tail} ({@link #run()}); as a supervised {@link Service}
 * it restarts after a failure and goes on from where it was, so no alert is handed on twice.
 */
public final class AlertReader implements Runnable, Service {

    private static final Logger log = LoggerFactory.getLogger(AlertReader.class);

    private final TopicFollower<String, byte[]> follower;

    /**
     * @param backlog records per partition to replay before following; {@code Long.MAX_VALUE} for all
     */
    public AlertReader(
            KafkaClients kafka, String topic, long backlog, Consumer<Alert> onAlert, MeterRegistry registry) {
        this.follower = new TopicFollower<>(
                "recent-alerts",
                topic,
                () -> kafka.consumer(
                        Map.of(
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "geoalert-reader-" + topic),
                        new StringDeserializer(),
                        new ByteArrayDeserializer()),
                Duration.ofMillis(500),
                TopicFollower.Start.lastRecords(backlog),
                record -> {
                    Alert alert;
                    try {
                        alert = Json.read(record.value(), Alert.class);
                    } catch (RuntimeException e) {
                        log.warn(
                                "skipping unreadable alert {}-{}@{}: {}",
                                record.topic(),
                                record.partition(),
                                record.offset(),
                                e.getMessage());
                        return;
                    }
                    onAlert.accept(alert);
                },
                registry);
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
        follower.start();
    }

    @Override
    public Health.Status health() {
        return follower.health();
    }

    /** Follows the topic on the calling thread until {@link #close()}. */
    @Override
    public void run() {
        follower.run();
    }

    /** Stops following; safe from any thread. */
    @Override
    public void close() {
        follower.close();
    }
}
