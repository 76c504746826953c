package io.geoalert.streams.service;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the streams service. {@code rulesFile} empty means the bundled default pack;
 * {@code overrides} go to Kafka Streams as they are.
 */
public record StreamsSettings(String bootstrapServers, String applicationId, Path stateDir, int threads,
                              int partitions, Optional<Path> rulesFile, Map<String, String> overrides) {

    public StreamsSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
        }
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("streams.application-id must be letters, digits, '.', '_' or '-', was '" + applicationId + "'");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("streams.threads must be between 1 and 64, was " + threads);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("kafka.partitions must be at least 1, was " + partitions);
        }
        rulesFile = rulesFile == null ? Optional.empty() : rulesFile;
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }
}
