package io.geoalert.app.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What one {@code geoalert bench} run does: {@code items} per throughput pass after at least {@code
 * warmup} items through the pipeline (more while the JIT keeps compiling), {@code rate} items a second for {@code latencySeconds} per latency
 * run, {@code rules} generated rules beside the default pack, topics of {@code partitions},
 * {@code streamsProperties} for Kafka Streams as they are, and the broker: {@code bootstrapServers}
 * when given (a broker in a process of its own), else one the bench starts in its own JVM. Errors name
 * the option.
 */
public record BenchSettings(
        int items,
        int warmup,
        int rate,
        int latencySeconds,
        int rules,
        int partitions,
        Map<String, String> streamsProperties,
        Optional<String> bootstrapServers) {

    /** The bench runs both guarantees itself; the rest is the pipeline's, as the service builds it. */
    private static final Set<String> RESERVED = Set.of(
            StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.APPLICATION_ID_CONFIG,
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
            StreamsConfig.STATE_DIR_CONFIG);

    private static final List<String> CLIENT_PREFIXES = List.of(
            StreamsConfig.PRODUCER_PREFIX,
            StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX,
            StreamsConfig.GLOBAL_CONSUMER_PREFIX,
            StreamsConfig.ADMIN_CLIENT_PREFIX,
            StreamsConfig.TOPIC_PREFIX);

    public BenchSettings {
        between("--items", items, 1, 10_000_000);
        between("--warmup", warmup, 0, 10_000_000);
        between("--rate", rate, 1, 100_000);
        between("--latency-seconds", latencySeconds, 1, 3_600);
        between("--rules", rules, 0, 100_000);
        between("--partitions", partitions, 1, 1_000);
        streamsProperties = streamsProperties == null ? Map.of() : Map.copyOf(streamsProperties);
        streamsProperties.keySet().forEach(BenchSettings::requireStreamsProperty);
        bootstrapServers = bootstrapServers == null
                ? Optional.empty()
                : bootstrapServers.map(String::strip).filter(b -> !b.isEmpty());
    }

    private static void between(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "bench " + option + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    private static void requireStreamsProperty(String name) {
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("bench --streams-property " + name
                    + " is set by the bench itself (it runs exactly_once_v2 and at_least_once in turn)");
        }
        if (!StreamsConfig.configDef().names().contains(name)
                && CLIENT_PREFIXES.stream().noneMatch(name::startsWith)) {
            throw new IllegalArgumentException("bench --streams-property " + name
                    + " is not a Kafka Streams property (nor producer., consumer., admin. or topic. prefixed)");
        }
    }
}
