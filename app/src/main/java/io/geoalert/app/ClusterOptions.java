package io.geoalert.app;

import io.geoalert.app.config.ConfigSection;
import io.geoalert.kafka.KafkaClients;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The Kafka cluster: {@code --bootstrap-servers} (else {@code KAFKA_BOOTSTRAP_SERVERS}) and the client
 * properties every client gets — security settings for a TLS or SASL cluster — from a properties
 * file ({@code --kafka-properties}, else {@code GEOALERT_KAFKA_PROPERTIES}) and
 * {@code --kafka-property key=value}, over the configuration file's {@code kafka:} map.
 */
@ConfigSection("kafka")
final class ClusterOptions {

    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    static final String PROPERTIES_ENV = "GEOALERT_KAFKA_PROPERTIES";

    @Option(
            names = {"-b", "--bootstrap-servers"},
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to use (default: $KAFKA_BOOTSTRAP_SERVERS, else " + DEFAULT_BOOTSTRAP
                    + "; run starts an embedded broker instead).")
    String bootstrapServers;

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, ssl.*, sasl.*) for every client "
                    + "(default: $" + PROPERTIES_ENV + ").")
    Path propertiesFile;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description = "One Kafka client property for every client, e.g. security.protocol=SSL (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

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

    /** The configured cluster with its client properties. */
    KafkaClients clients() throws IOException {
        return clients(resolve(), Map.of());
    }

    /**
     * The cluster at {@code bootstrap} with the client properties: the configuration file's first,
     * then the properties file, then {@code --kafka-property}.
     */
    KafkaClients clients(String bootstrap, Map<String, String> fromConfigFile) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(fromConfigFile);
        Path file = propertiesFile;
        if (file == null
                && System.getenv(PROPERTIES_ENV) != null
                && !System.getenv(PROPERTIES_ENV).isBlank()) {
            file = Path.of(System.getenv(PROPERTIES_ENV));
        }
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("kafka.properties: no such file " + file);
            }
            Properties loaded = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                loaded.load(in);
            }
            loaded.stringPropertyNames().forEach(name -> all.put(name, loaded.getProperty(name)));
        }
        all.putAll(properties);
        return new KafkaClients(bootstrap, all);
    }
}
