package io.geoalert.app;

import io.geoalert.app.config.ConfigSection;
import io.geoalert.broker.EmbeddedKafkaBroker;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.producer.ingest.JsonLinesIngest;
import io.geoalert.producer.publish.ProducerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code geoalert run}: the whole pipeline in one process, on an embedded broker unless a cluster is given. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run producer, streams and consumer in one process and replay the bundled sample news.",
            "Starts an embedded Kafka broker (data in data/kafka) unless --bootstrap-servers or "
                    + "KAFKA_BOOTSTRAP_SERVERS names a cluster."
        })
@ConfigSection("run")
final class RunCommand implements Callable<Integer>, CheckableCommand {

    /**
     * One process holds every group member here, so after a crash the next start should not wait
     * out the default 45 s session of the member that died. (The stream processor's session is its
     * own option, {@code --session-timeout}.)
     */
    private static final String SESSION_TIMEOUT_MS = "10000";

    @Mixin
    NodeOptions options;

    @Mixin
    ServiceCommand.StreamsOptions streams;

    @Mixin
    ServiceCommand.ConsumerOptions consumer;

    @Option(
            names = "--kafka-dir",
            paramLabel = "DIR",
            defaultValue = "data/kafka",
            description = "Data directory of the embedded broker, kept across restarts (default: ${DEFAULT-VALUE}).")
    Path kafkaDir;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description =
                    "Port of the embedded broker; a free one is taken when it is busy (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--samples",
            paramLabel = "PATH",
            description = "JSON-lines file or folder of them to replay at start (default: the bundled samples/).")
    Path samples;

    @Option(names = "--no-samples", description = "Do not replay sample news.")
    boolean noSamples;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = null;
        String bootstrap;
        Optional<String> configured = options.cluster.configured();
        if (configured.isPresent()) {
            bootstrap = configured.get();
            say("using Kafka at %s", bootstrap);
        } else {
            broker = EmbeddedKafkaBroker.start(kafkaDir, kafkaPort, options.topics.partitions);
            bootstrap = broker.bootstrapServers();
            say(
                    "embedded Kafka broker at %s (data in %s)%s",
                    bootstrap,
                    kafkaDir,
                    kafkaPort == Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1))
                            ? ""
                            : " - port " + kafkaPort + " was busy");
        }
        EmbeddedKafkaBroker startedBroker = broker;
        NodeSettings settings;
        GeoalertNode node;
        try {
            // client properties (security) are for a configured cluster; the embedded broker is plain
            KafkaClients kafka = broker == null ? options.clients(bootstrap) : KafkaClients.of(bootstrap);
            settings = settings(options.settings(8080, kafka));
            node = GeoalertNode.start(settings, Clock.systemUTC());
        } catch (Exception e) {
            if (startedBroker != null) {
                startedBroker.close();
            }
            throw e;
        }
        say(
                "HTTP on port %d  (POST /v1/news, GET /v1/alerts, /v1/subscriptions, GET /metrics, GET /health)%s",
                node.httpPort(),
                settings.http().token() == null ? "" : "; send 'Authorization: Bearer $" + HttpOptions.TOKEN_ENV + "'");
        say("read alerts with: kcat -b %s -t alerts.sanctions   or   ./geoalert tail", bootstrap);
        if (!noSamples) {
            replaySamples(node);
        }
        say("running; Ctrl-C to stop");
        Shutdown.awaitSignal(() -> {
            node.close();
            if (startedBroker != null) {
                startedBroker.close();
            }
        });
        return 0;
    }

    /** The whole pipeline on {@code base}'s cluster: producer, streams, consumer and subscriptions. */
    private NodeSettings settings(NodeSettings base) throws IOException {
        KafkaClients kafka = base.kafka();
        return consumer.addTo(
                        streams.addTo(base.withProducer(ProducerSettings.of(kafka), options.config.feeds()), Map.of()),
                        Map.of("session.timeout.ms", SESSION_TIMEOUT_MS))
                .withSubscriptions(options.config.subscriptions());
    }

    @Override
    public List<String> problems() throws Exception {
        return consumer.check(streams.check(options.problems(8080), options.topics.partitions))
                .check(options.config::feeds)
                .check(options.config::subscriptions)
                .check(() -> {
                    if (samples != null && !Files.exists(samples)) {
                        throw new IllegalArgumentException("run.samples: no such file or folder " + samples);
                    }
                })
                .check(() -> settings(options.unlimitedSettings(8080, NodeOptions.CHECKED_CLUSTER)))
                .list();
    }

    private void replaySamples(GeoalertNode node) throws IOException {
        Path source = samples != null
                ? samples
                : Path.of(System.getProperty("geoalert.home", ".")).resolve("samples");
        if (!Files.exists(source)) {
            say("no sample news at %s; skipping the replay", source);
            return;
        }
        JsonLinesIngest ingest = new JsonLinesIngest(node.publisher().orElseThrow());
        for (Path file : sampleFiles(source)) {
            try (InputStream in = Files.newInputStream(file)) {
                JsonLinesIngest.Result result = ingest.publish(in, "file:" + file);
                say(
                        "replayed %d sample items from %s%s",
                        result.published(),
                        file,
                        result.rejected() == 0 ? "" : " (" + result.rejected() + " set aside to news.dlq)");
            }
        }
    }

    private static List<Path> sampleFiles(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return List.of(source);
        }
        try (Stream<Path> files = Files.list(source)) {
            return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    @SuppressWarnings("AnnotateFormatMethod") // the format strings are this class's own constants
    private static void say(String format, Object... args) {
        System.err.println("geoalert: " + String.format(format, args));
    }
}
