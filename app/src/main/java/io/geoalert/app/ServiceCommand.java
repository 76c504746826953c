package io.geoalert.app;

import io.geoalert.app.config.ConfigSection;
import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.producer.ingest.JsonLinesIngest;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.Guarantees;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.streams.trend.TrendSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The three services, each run alone against a configured cluster. */
final class ServiceCommand {

    private ServiceCommand() {}

    static Integer runUntilStopped(NodeSettings settings, String what) throws Exception {
        GeoalertNode node = GeoalertNode.start(settings, Clock.systemUTC());
        System.err.printf(
                "geoalert %s: connected to %s; HTTP on port %d; Ctrl-C to stop%n",
                what, settings.kafka().bootstrapServers(), node.httpPort());
        Shutdown.awaitSignal(node::close);
        return 0;
    }

    @Command(
            name = "producer",
            mixinStandardHelpOptions = true,
            description = "Run the producer: POST /v1/news, and publish the given JSON-lines files first.")
    @ConfigSection("producer")
    static final class Producer implements Callable<Integer>, CheckableCommand {
        @Mixin
        NodeOptions options;

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description = "JSON-lines file of NewsItems to publish at start (repeatable).")
        List<Path> files = List.of();

        NodeSettings settings() throws Exception {
            NodeSettings base = options.settings(8080);
            return base.withProducer(ProducerSettings.of(base.kafka()), options.config.feeds());
        }

        @Override
        public List<String> problems() throws Exception {
            Problems problems = options.problems(8080).check(options.config::feeds);
            for (Path file : files) {
                problems.check(() -> {
                    if (!Files.isRegularFile(file)) {
                        throw new IllegalArgumentException("producer.file: no such file " + file);
                    }
                });
            }
            return problems.list();
        }

        @Override
        public Integer call() throws Exception {
            NodeSettings settings = settings();
            String bootstrap = settings.bootstrapServers();
            GeoalertNode node = GeoalertNode.start(settings, Clock.systemUTC());
            JsonLinesIngest ingest = new JsonLinesIngest(node.publisher().orElseThrow());
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    JsonLinesIngest.Result result = ingest.publish(in, "file:" + file);
                    System.err.printf(
                            "geoalert producer: %s: %d published, %d set aside to news.dlq%n",
                            file, result.published(), result.rejected());
                }
            }
            System.err.printf(
                    "geoalert producer: connected to %s; POST /v1/news on port %d; Ctrl-C to stop%n",
                    bootstrap, node.httpPort());
            Shutdown.awaitSignal(node::close);
            return 0;
        }
    }

    @Command(
            name = "streams",
            mixinStandardHelpOptions = true,
            description =
                    "Run the stream processor: news.raw -> rules -> alerts, alerts.<category>; bad records -> news.dlq;"
                            + " GET /v1/alerts from its state, for all instances.")
    @ConfigSection("streams")
    static final class Streams implements Callable<Integer>, CheckableCommand {
        @Mixin
        NodeOptions options;

        @Mixin
        StreamsOptions streams;

        @Override
        public Integer call() throws Exception {
            return runUntilStopped(streams.addTo(options.settings(8081), Map.of()), "streams");
        }

        @Override
        public List<String> problems() throws Exception {
            return streams.check(options.problems(8081), options.topics.partitions)
                    .check(() -> streams.addTo(options.unlimitedSettings(8081, NodeOptions.CHECKED_CLUSTER), Map.of()))
                    .list();
        }
    }

    @Command(
            name = "consumer",
            mixinStandardHelpOptions = true,
            description = "Run the alert consumer: terminal and JSON-lines file, and delivery to subscriptions.")
    @ConfigSection("consumer")
    static final class Consumer implements Callable<Integer>, CheckableCommand {
        @Mixin
        NodeOptions options;

        @Mixin
        ConsumerOptions consumer;

        @Override
        public Integer call() throws Exception {
            return runUntilStopped(
                    consumer.addTo(options.settings(8082), Map.of()).withSubscriptions(options.config.subscriptions()),
                    "consumer");
        }

        @Override
        public List<String> problems() throws Exception {
            return consumer.check(options.problems(8082))
                    .check(options.config::subscriptions)
                    .check(() -> consumer.addTo(options.unlimitedSettings(8082, NodeOptions.CHECKED_CLUSTER), Map.of()))
                    .list();
        }
    }

    /** Options of the streams service. */
    @ConfigSection("streams")
    static final class StreamsOptions {
        @Option(
                names = "--rules",
                paramLabel = "FILE",
                description = "Rule file (YAML) to use instead of the default pack.")
        Path rules;

        @Option(
                names = "--application-id",
                defaultValue = "geoalert-streams",
                description =
                        "Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE}).")
        String applicationId;

        @Option(
                names = "--streams-threads",
                defaultValue = "1",
                description = "Stream threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(
                names = "--state-dir",
                paramLabel = "DIR",
                defaultValue = "data/streams",
                description = "Kafka Streams state directory (default: ${DEFAULT-VALUE}).")
        Path stateDir;

        @Option(
                names = "--repeat-window",
                paramLabel = "SPAN",
                defaultValue = "7d",
                description =
                        "How long an item id is remembered, so a repeat of it raises no alert (default: ${DEFAULT-VALUE}).")
        String repeatWindow;

        @Option(
                names = "--story-window",
                paramLabel = "SPAN",
                defaultValue = "48h",
                description = "How long after its first item a story takes copies from other sources, which update its"
                        + " alert instead of raising new ones (default: ${DEFAULT-VALUE}).")
        String storyWindow;

        @Option(
                names = "--alerts-retention",
                paramLabel = "SPAN",
                defaultValue = "7d",
                description = "How long after it was first raised an alert is kept for GET /v1/alerts"
                        + " (default: ${DEFAULT-VALUE}).")
        String alertsRetention;

        @Option(
                names = "--max-categories",
                paramLabel = "N",
                defaultValue = "50",
                description = "Most alert categories (each a topic) rules may create (default: ${DEFAULT-VALUE}).")
        int maxCategories;
        /** The problems of these options, each part on its own, added to {@code problems}: the rule file's too. */
        Problems check(Problems problems, int partitions) throws Exception {
            return problems.check(() -> settings(NodeOptions.CHECKED_CLUSTER, partitions, Map.of()))
                    .check(() -> {
                        if (rules != null && Files.isRegularFile(rules)) {
                            RulePack.load(rules);
                        }
                    });
        }

        @Option(
                names = "--trend-z-score",
                paramLabel = "Z",
                defaultValue = "4.0",
                description = "Spreads above its baseline a category's or entity's hourly count of stories must be to"
                        + " raise a trend alert (default: ${DEFAULT-VALUE}).")
        double trendZScore;

        @Option(
                names = "--trend-min-count",
                paramLabel = "N",
                defaultValue = "5",
                description = "Fewest stories in the hour that can raise a trend alert (default: ${DEFAULT-VALUE}).")
        int trendMinCount;

        @Option(
                names = "--trend-half-life",
                paramLabel = "SPAN",
                defaultValue = "3h",
                description = "How fast the baselines of trends forget: a past hour weighs half as much after each"
                        + " half-life (default: ${DEFAULT-VALUE}).")
        String trendHalfLife;

        @Option(
                names = "--trend-warmup",
                paramLabel = "SPAN",
                defaultValue = "6h",
                description = "How long after it first counts a partition raises no trend alert (default:"
                        + " ${DEFAULT-VALUE}).")
        String trendWarmup;

        @Option(
                names = "--processing-guarantee",
                paramLabel = "GUARANTEE",
                defaultValue = "exactly_once_v2",
                description = "exactly_once_v2: every alert once, visible at each commit; at_least_once: lower"
                        + " latency, but a crash can double or drop the alerts of its last commit interval"
                        + " (default: ${DEFAULT-VALUE}).")
        String processingGuarantee;

        @Option(
                names = "--commit-interval",
                paramLabel = "SPAN",
                defaultValue = "50ms",
                description =
                        "How often progress is committed; under exactly-once a first alert waits for two"
                                + " commits, so its latency follows this; shorter means more commits (default: ${DEFAULT-VALUE}).")
        String commitInterval;

        @Option(
                names = "--standby-replicas",
                paramLabel = "N",
                defaultValue = "1",
                description = "Copies of each task's state kept warm on other instances, so a survivor takes over"
                        + " without restoring it (default: ${DEFAULT-VALUE}; none are kept with one instance).")
        int standbyReplicas;

        @Option(
                names = "--session-timeout",
                paramLabel = "SPAN",
                defaultValue = "6s",
                description = "How long an instance may be silent before its work goes to the others: the time a"
                        + " failover waits; at least the broker's group.min.session.timeout.ms"
                        + " (default: ${DEFAULT-VALUE}).")
        String sessionTimeout;

        /** The node with the stream processor added; {@code overrides} go to Kafka Streams. */
        NodeSettings addTo(NodeSettings node, Map<String, String> overrides) {
            return node.withStreams(settings(node.kafka(), node.partitions(), overrides));
        }

        StreamsSettings settings(KafkaClients kafka, int partitions, Map<String, String> overrides) {
            if (rules != null && !Files.isRegularFile(rules)) {
                throw new IllegalArgumentException("streams.rules: no such file " + rules);
            }
            java.time.Duration window = span("streams.repeat-window", repeatWindow);
            java.time.Duration stories = span("streams.story-window", storyWindow);
            java.time.Duration retention = span("streams.alerts-retention", alertsRetention);
            return new StreamsSettings(
                    kafka,
                    applicationId,
                    stateDir,
                    threads,
                    partitions,
                    Optional.ofNullable(rules),
                    overrides,
                    window,
                    stories,
                    maxCategories,
                    retention,
                    new TrendSettings(
                            trendZScore,
                            trendMinCount,
                            span("streams.trend-half-life", trendHalfLife),
                            span("streams.trend-warmup", trendWarmup)),
                    guarantees());
        }

        Guarantees guarantees() {
            return new Guarantees(
                    Guarantees.ProcessingGuarantee.of(processingGuarantee),
                    span("streams.commit-interval", commitInterval),
                    standbyReplicas,
                    span("streams.session-timeout", sessionTimeout));
        }

        /** A span such as 100ms, 6s or 1m; the error names the key. */
        private static java.time.Duration span(String key, String text) {
            try {
                if (text.endsWith("ms")) {
                    return java.time.Duration.ofMillis(
                            Long.parseLong(text.substring(0, text.length() - 2).trim()));
                }
                return io.geoalert.model.TimeSpans.duration(text);
            } catch (IllegalArgumentException e) { // NumberFormatException too
                throw new IllegalArgumentException(
                        key + ": expected a span like 100ms, 6s or 1m; was '" + text + "'", e);
            }
        }
    }

    /** Options of the consumer service. */
    @ConfigSection("consumer")
    static final class ConsumerOptions {
        @Option(
                names = "--group-id",
                defaultValue = "geoalert-consumer",
                description = "Consumer group of the delivery service (default: ${DEFAULT-VALUE}).")
        String groupId;

        @Option(
                names = "--alerts-file",
                paramLabel = "FILE",
                defaultValue = "data/alerts.jsonl",
                description = "Append alerts to this JSON-lines file (default: ${DEFAULT-VALUE}; 'none' to turn off).")
        String alertsFile;

        @Option(names = "--quiet", description = "Do not print alerts to the terminal.")
        boolean quiet;

        @Mixin
        DispatchOptions dispatch;

        /** The problems of these options, each part on its own, added to {@code problems}. */
        Problems check(Problems problems) throws Exception {
            return problems.check(() -> settings(NodeOptions.CHECKED_CLUSTER, Map.of()))
                    .check(() -> dispatch.settings(NodeOptions.CHECKED_CLUSTER, Map.of()));
        }

        /**
         * The node with the consumer added, delivering to subscriptions as the {@code --dispatch-*}
         * options say; {@code overrides} go to its Kafka consumers (the subscriptions' too).
         */
        NodeSettings addTo(NodeSettings node, Map<String, String> overrides) {
            return node.withDispatch(dispatch.settings(node.kafka(), overrides))
                    .withConsumer(settings(node.kafka(), overrides), alertsFile(), !quiet);
        }

        ConsumerSettings settings(KafkaClients kafka, Map<String, String> overrides) {
            ConsumerSettings defaults = ConsumerSettings.of(kafka);
            return new ConsumerSettings(kafka, groupId, defaults.maxAttempts(), defaults.retryBackoff(), overrides);
        }

        Optional<Path> alertsFile() {
            return "none".equals(alertsFile) ? Optional.empty() : Optional.of(Path.of(alertsFile));
        }
    }
}
