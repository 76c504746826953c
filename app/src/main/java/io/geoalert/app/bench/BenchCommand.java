package io.geoalert.app.bench;

import ch.qos.logback.classic.Level;
import io.geoalert.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geoalert bench}: plain Kafka and a copying Kafka Streams application against the full pipeline on the
 * same generated news, and
 * ingest-to-alert latency under exactly-once and at-least-once, in one run on an embedded broker.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure, on an embedded broker of its own (temporary, free port), after a warm-up that lasts until"
                    + " the JIT has settled: the full pipeline (exactly_once_v2, default rules plus --rules generated"
                    + " ones) on generated ~2 KB news items; plain Kafka produce -> consume and a Kafka Streams"
                    + " application that only copies (the floor) on as many; and ingest -> alert latency at --rate"
                    + " items/s under exactly_once_v2 and at_least_once.",
            "Targets (on a 2-core machine): pipeline/plain Kafka >= 0.75; p99 <= 150 ms exactly-once,"
                    + " <= 30 ms at-least-once. Progress goes to stderr; --json prints one JSON object on stdout."
        })
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Option(
            names = "--items",
            paramLabel = "N",
            defaultValue = "20000",
            description = "Items per throughput pass: the pipeline, plain Kafka and the Kafka Streams floor (the"
                    + " latter two after an unmeasured pass of as many) (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "20000",
            description = "Items through the pipeline before anything is measured, so the JIT has compiled the"
                    + " hot paths: at least N, and more (up to 10 N) while the JIT compiler still takes 15% of a"
                    + " core or more (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "1000",
            description = "Items per second sent while latency is measured (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--latency-seconds",
            paramLabel = "S",
            defaultValue = "20",
            description = "How long latency is measured under each guarantee (default: ${DEFAULT-VALUE}).")
    int latencySeconds;

    @Option(
            names = "--rules",
            paramLabel = "N",
            defaultValue = "100",
            description = "Generated watch-list rules added to the default pack (default: ${DEFAULT-VALUE}).")
    int rules;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "3",
            description = "Partitions of news.raw and the other topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--streams-property",
            paramLabel = "KEY=VALUE",
            description = "A Kafka Streams property for the pipeline, e.g. commit.interval.ms=20 (repeatable);"
                    + " processing.guarantee is the bench's own.")
    Map<String, String> streamsProperties = new LinkedHashMap<>();

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Measure on this broker instead of one started in the bench's own JVM, e.g. `geoalert"
                    + " broker` in another terminal, so that the broker's garbage collections and the pipeline's"
                    + " are apart as in production. Its news.raw must have --partitions partitions; the bench's"
                    + " items, application id and alerts are its run's own.")
    String bootstrapServers;

    @Option(names = "--verbose", description = "Log geoalert's own INFO lines (streams state changes and the like).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        BenchSettings settings = new BenchSettings(
                items,
                warmup,
                rate,
                latencySeconds,
                rules,
                partitions,
                streamsProperties,
                Optional.ofNullable(bootstrapServers));
        ch.qos.logback.classic.Logger ours = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.geoalert");
        Level level = ours.getLevel();
        if (!verbose) {
            // the progress line is the story of the run; the services' INFO lines would tear it apart
            ours.setLevel(Level.WARN);
        }
        Progress progress = new Progress(spec.commandLine().getErr(), System.console() != null);
        Path dir = Files.createTempDirectory("geoalert-bench");
        BenchReport report;
        try {
            report = new PipelineBenchmark(settings, progress).run(dir);
        } finally {
            ours.setLevel(level);
            delete(dir);
        }
        var out = spec.commandLine().getOut();
        out.print(json ? Json.toString(report) + System.lineSeparator() : report.table());
        out.flush();
        return 0;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
