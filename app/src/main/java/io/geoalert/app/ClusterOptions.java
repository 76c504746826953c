package io.geoalert.app;

import picocli.CommandLine.Option;

import java.util.Optional;

/** {@code --bootstrap-servers}, falling back to {@code KAFKA_BOOTSTRAP_SERVERS}. */
final class ClusterOptions {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to use (default: $KAFKA_BOOTSTRAP_SERVERS, else " + DEFAULT_BOOTSTRAP + ").")
    String bootstrapServers;

    /** The configured cluster, if any: option first, then the environment. */
    Optional<String> configured() {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return Optional.of(bootstrapServers.trim());
        }
        String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env.trim());
    }

    /** The cluster to use when none is started here: what {@code geoalert run} listens on by default. */
    String resolve() {
        return configured().orElse(DEFAULT_BOOTSTRAP);
    }
}
