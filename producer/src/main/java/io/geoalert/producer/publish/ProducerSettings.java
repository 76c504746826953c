package io.geoalert.producer.publish;

import java.util.Map;

/** Settings of the news producer; {@code overrides} are passed to the Kafka client as they are. */
public record ProducerSettings(String bootstrapServers, String clientId, Map<String, String> overrides) {

    public ProducerSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("producer.client-id must not be empty");
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public static ProducerSettings of(String bootstrapServers) {
        return new ProducerSettings(bootstrapServers, "geoalert-producer", Map.of());
    }
}
