package io.geoalert.app;

import io.geoalert.app.config.ConfigSection;
import io.geoalert.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code geoalert broker}: the embedded Kafka broker alone, so producer, streams and consumer
 * can run as separate processes on one machine without Docker.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run the embedded Kafka broker alone (single node, KRaft), until Ctrl-C.",
            "Then start each service in its own terminal against it, e.g.",
            "  ./geoalert streams -b 127.0.0.1:9092",
            "  ./geoalert consumer -b 127.0.0.1:9092",
            "  ./geoalert producer -b 127.0.0.1:9092"
        })
@ConfigSection("broker")
final class BrokerCommand implements Callable<Integer>, CheckableCommand {

    @Option(
            names = "--kafka-dir",
            paramLabel = "DIR",
            defaultValue = "data/kafka",
            description = "Data directory of the broker, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path kafkaDir;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Client port; a free one is taken when it is busy (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Mixin
    TopicOptions topics;

    @Mixin
    ConfigOptions config;

    @Override
    public List<String> problems() throws Exception {
        return new Problems().check(this::validate).list();
    }

    private void validate() {
        if (kafkaPort < 0 || kafkaPort > 65535) {
            throw new IllegalArgumentException("kafka.port must be between 0 and 65535, was " + kafkaPort);
        }
        if (topics.partitions < 1) {
            throw new IllegalArgumentException("kafka.partitions must be at least 1, was " + topics.partitions);
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaDir, kafkaPort, topics.partitions);
        String bootstrap = broker.bootstrapServers();
        boolean moved = kafkaPort != 0 && !bootstrap.endsWith(":" + kafkaPort);
        System.err.printf(
                "geoalert broker: Kafka at %s (data in %s)%s; Ctrl-C to stop%n",
                bootstrap, kafkaDir, moved ? " - port " + kafkaPort + " was busy" : "");
        System.err.printf(
                "geoalert broker: start the services with -b %s (or KAFKA_BOOTSTRAP_SERVERS=%s)%n",
                bootstrap, bootstrap);
        Shutdown.awaitSignal(broker::close);
        return 0;
    }
}
