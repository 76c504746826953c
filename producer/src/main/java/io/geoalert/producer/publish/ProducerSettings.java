package io.geoalert.producer.publish;

import io.geoalert.kafka.KafkaClients;
import java.util.Map;

/** Settings of the news producer; {@code overrides} are passed to the Kafka client as they are. */
public record ProducerSettings(KafkaClients kafka, String clientId, Map<String, String> overrides) {

    public ProducerSettings {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("producer.client-id must not be empty");
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public static ProducerSettings of(String bootstrapServers) {
        return of(KafkaClients.of(bootstrapServers));
    }

    public static ProducerSettings of(KafkaClients kafka) {
        return new ProducerSettings(kafka, "geoalert-producer", Map.of());
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
