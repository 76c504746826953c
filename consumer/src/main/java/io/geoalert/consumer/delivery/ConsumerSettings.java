package io.geoalert.consumer.delivery;

import java.time.Duration;
import java.util.Map;

/** Settings of the alert consumer; {@code overrides} go to the Kafka consumer as they are. */
public record ConsumerSettings(String bootstrapServers, String groupId, int maxAttempts, Duration retryBackoff,
                               Map<String, String> overrides) {

    public ConsumerSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
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
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public static ConsumerSettings of(String bootstrapServers) {
        return new ConsumerSettings(bootstrapServers, "geoalert-consumer", 3, Duration.ofMillis(200), Map.of());
    }
}
