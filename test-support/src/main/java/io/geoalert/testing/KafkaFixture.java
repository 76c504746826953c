package io.geoalert.testing;

import io.geoalert.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one Kafka broker of a test JVM, chosen once: {@code KAFKA_BOOTSTRAP_SERVERS} when set;
 * otherwise Testcontainers' Kafka container when a Docker engine answers; otherwise a real
 * broker started in-process from the Kafka jars (what runs on machines without Docker).
 * Tests keep to their own topic names and group ids, so they share it safely.
 */
public final class KafkaFixture {

    private static String bootstrapServers;
    private static String kind;

    private KafkaFixture() {}

    /** The bootstrap servers of the shared broker, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            start();
        }
        return bootstrapServers;
    }

    private static void start() {
        String external = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (external != null && !external.isBlank()) {
            bootstrapServers = external.trim();
            kind = "external";
        } else if (DockerKafka.dockerAvailable()) {
            bootstrapServers = DockerKafka.start();
            kind = "testcontainers";
        } else {
            bootstrapServers = startEmbedded();
            kind = "embedded";
        }
        System.out.println("[KafkaFixture] tests run against " + kind + " Kafka at " + bootstrapServers);
    }

    private static String startEmbedded() {
        try {
            Path dir = Files.createTempDirectory("geoalert-test-kafka");
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 3);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                broker.close();
                                TempDirs.deleteQuietly(dir);
                            },
                            "embedded-kafka-shutdown"));
            return broker.bootstrapServers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kept apart so the Testcontainers classes load only when asked for. */
    private static final class DockerKafka {
        static boolean dockerAvailable() {
            if ("embedded".equals(System.getProperty("geoalert.test.kafka"))) {
                return false;
            }
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable e) {
                return false;
            }
        }

        @SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM exits
        static String start() {
            var container = new org.testcontainers.kafka.KafkaContainer("apache/kafka:4.1.0");
            container.start();
            return container.getBootstrapServers();
        }
    }
}
