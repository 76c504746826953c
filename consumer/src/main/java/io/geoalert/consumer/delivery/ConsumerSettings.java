package io.geoalert.consumer.delivery;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Topics;
import io.geoalert.ops.Backoff;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the alert consumer. A failing sink is tried {@code maxAttempts} times per alert,
 * {@code retryBackoff} apart and doubling up to {@code maxRetryBackoff}, before the alert goes to
 * {@code deadLetterTopic}; a failing flush or dead-letter send is retried at the same pace without
 * limit. {@code overrides} go to the Kafka consumer as they are.
 */
public record ConsumerSettings(
        KafkaClients kafka,
        String groupId,
        int maxAttempts,
        Duration retryBackoff,
        Map<String, String> overrides,
        Duration maxRetryBackoff,
        String topic,
        String deadLetterTopic) {

    public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(30);

    public ConsumerSettings {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
        }
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("consumer.group-id must not be empty");
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("consumer.max-attempts must be between 1 and 20, was " + maxAttempts);
        }
        if (retryBackoff == null || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("consumer.retry-backoff must not be negative");
        }
        if (maxRetryBackoff == null || maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("consumer.max-retry-backoff must be at least consumer.retry-backoff ("
                    + retryBackoff + "), was " + maxRetryBackoff);
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("consumer.topic must not be empty");
        }
        if (deadLetterTopic == null || deadLetterTopic.isBlank()) {
            throw new IllegalArgumentException("consumer.dead-letter-topic must not be empty");
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** Reads {@code alerts}, sets give-ups aside on {@code alerts.dlq}, backs off up to 30 s. */
    public ConsumerSettings(
            KafkaClients kafka, String groupId, int maxAttempts, Duration retryBackoff, Map<String, String> overrides) {
        this(
                kafka,
                groupId,
                maxAttempts,
                retryBackoff,
                overrides,
                max(retryBackoff, DEFAULT_MAX_RETRY_BACKOFF),
                Topics.ALERTS,
                Topics.ALERTS_DLQ);
    }

    /** As the five-argument constructor, for a plain cluster. */
    public ConsumerSettings(
            String bootstrapServers,
            String groupId,
            int maxAttempts,
            Duration retryBackoff,
            Map<String, String> overrides) {
        this(KafkaClients.of(bootstrapServers), groupId, maxAttempts, retryBackoff, overrides);
    }

    public static ConsumerSettings of(String bootstrapServers) {
        return of(KafkaClients.of(bootstrapServers));
    }

    public static ConsumerSettings of(KafkaClients kafka) {
        return new ConsumerSettings(kafka, "geoalert-consumer", 3, Duration.ofMillis(200), Map.of());
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The same settings reading {@code topic} and setting give-ups aside on {@code deadLetterTopic}. */
    public ConsumerSettings withTopics(String topic, String deadLetterTopic) {
        return new ConsumerSettings(
                kafka, groupId, maxAttempts, retryBackoff, overrides, maxRetryBackoff, topic, deadLetterTopic);
    }

    /** The same settings with retries backing off no longer than {@code max}. */
    public ConsumerSettings withMaxRetryBackoff(Duration max) {
        return new ConsumerSettings(kafka, groupId, maxAttempts, retryBackoff, overrides, max, topic, deadLetterTopic);
    }

    /** The retry policy; a zero {@code retryBackoff} means retry at once (1 ms). */
    public Backoff backoff() {
        Duration initial = retryBackoff.isZero() ? Duration.ofMillis(1) : retryBackoff;
        return new Backoff(initial, max(initial, maxRetryBackoff));
    }

    private static Duration max(Duration a, Duration b) {
        return a == null || a.compareTo(b) < 0 ? b : a;
    }
}
