package io.geoalert.app.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@code geoalert bench} run and the parameters they were measured with; as JSON
 * ({@code --json}) or as a table with the targets marked met or missed.
 *
 * @param kafkaItemsPerSec    plain Kafka: from the first item produced to the last consumed ({@code read_committed})
 * @param pipelineItemsPerSec the pipeline: from the first item produced to the last processed
 * @param streamsFloorItemsPerSec a Kafka Streams application with the pipeline's settings that only copies the
 *                            alerting items, unread: what Kafka Streams itself costs here
 * @param floorRatio          {@code streamsFloorItemsPerSec} over plain Kafka's: what Kafka Streams alone reaches
 * @param processCpuMicrosPerItem the bench process's CPU time per item in each throughput pass
 * @param jitShareOfCore      the share of a core the JIT compiler took in each throughput pass
 * @param latencyMs           ingest to alert with {@code exactly_once_v2}
 * @param atLeastOnce         ingest to alert with {@code at_least_once}
 * @param warmup              the warm-up before the exactly-once passes
 * @param atLeastOnceWarmup   the warm-up before the at-least-once latency pass
 * @param pipelineAlertUpdates alerts that were updates of a merged story (0: every generated item is its own story)
 * @param pipelineStreamThread where the stream thread's time went during the pipeline pass
 * @param exactlyOnceToStory  the first part of {@code latencyMs}: from ingest until the story stage raised the alert
 *                            (matching and the stories-by-key hop); the rest is the hop through {@code alerts}
 * @param atLeastOnceToStory  the same part of {@code atLeastOnce}
 */
@JsonPropertyOrder({
    "kafkaItemsPerSec",
    "pipelineItemsPerSec",
    "ratio",
    "streamsFloorItemsPerSec",
    "floorRatio",
    "processCpuMicrosPerItem",
    "jitShareOfCore",
    "latencyMs",
    "atLeastOnce",
    "targetsMet"
})
public record BenchReport(
        long kafkaItemsPerSec,
        long pipelineItemsPerSec,
        double ratio,
        long streamsFloorItemsPerSec,
        double floorRatio,
        PerPass processCpuMicrosPerItem,
        PerPass jitShareOfCore,
        LatencySummary latencyMs,
        LatencySummary atLeastOnce,
        TargetsMet targetsMet,
        int items,
        WarmUp warmup,
        WarmUp atLeastOnceWarmup,
        int rate,
        int latencySeconds,
        int rules,
        int defaultRules,
        int partitions,
        int cores,
        String java,
        Map<String, String> streamsProperties,
        int itemBytes,
        double alertingShare,
        long kafkaItemsConsumed,
        long pipelineItemsProcessed,
        int pipelineAlertingItems,
        long pipelineAlertUpdates,
        StreamThreadTime pipelineStreamThread,
        LatencySummary exactlyOnceToStory,
        LatencySummary atLeastOnceToStory) {

    /** Pipeline throughput at least this share of plain Kafka's. */
    public static final double RATIO_TARGET = 0.75;
    /** Ingest-to-alert p99 with exactly-once, milliseconds. */
    public static final double EXACTLY_ONCE_P99_TARGET = 150;
    /** Ingest-to-alert p99 with at-least-once, milliseconds. */
    public static final double AT_LEAST_ONCE_P99_TARGET = 30;

    /**
     * One figure for each throughput pass. For CPU time per item (microseconds; with the broker embedded,
     * the broker's, the clients' and the application's together, with {@code --bootstrap-servers} all but
     * the broker's): when plain Kafka keeps every core busy, no pass can exceed plain Kafka's rate times
     * plain Kafka's CPU per item over its own.
     */
    public record PerPass(double plainKafka, double streamsFloor, double pipeline) {}

    /**
     * A warm-up: the items it sent (at least the minimum, more while the JIT kept compiling) and the share
     * of a core the JIT compiler took in its last round.
     */
    public record WarmUp(int items, double jitShare) {}

    /** Which targets this run met. */
    public record TargetsMet(boolean ratio, boolean latencyMs, boolean atLeastOnce) {}

    /** The targets met by these figures. */
    static TargetsMet targets(double ratio, LatencySummary exactlyOnce, LatencySummary atLeastOnce) {
        return new TargetsMet(
                ratio >= RATIO_TARGET,
                exactlyOnce.p99() <= EXACTLY_ONCE_P99_TARGET,
                atLeastOnce.p99() <= AT_LEAST_ONCE_P99_TARGET);
    }

    /** The report for people: what was run, the figures, and each target met or missed. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "geoalert bench: %,d items of ~%,d bytes (%.0f%% raise alerts), %s; %d default + %d generated"
                        + " rules; %d partitions; %d cores; Java %s%s%n%n",
                items,
                itemBytes,
                alertingShare * 100,
                warmup.items() == 0
                        ? "no warm-up"
                        : String.format(
                                Locale.ROOT,
                                "%,d warm-up (the JIT at %.0f%% of a core at its end)",
                                warmup.items(),
                                warmup.jitShare() * 100),
                defaultRules,
                rules,
                partitions,
                cores,
                java,
                streamsProperties.isEmpty() ? "" : "; streams " + streamsProperties));
        row(out, "", "measured", "target", "");
        row(
                out,
                "pipeline (exactly_once_v2)",
                perSec(pipelineItemsPerSec, processCpuMicrosPerItem.pipeline(), jitShareOfCore.pipeline()),
                "",
                "");
        row(
                out,
                "plain Kafka produce -> consume",
                perSec(kafkaItemsPerSec, processCpuMicrosPerItem.plainKafka(), jitShareOfCore.plainKafka()),
                "",
                "");
        row(
                out,
                "pipeline / plain Kafka",
                String.format(Locale.ROOT, "%.2f", ratio),
                String.format(Locale.ROOT, ">= %.2f", RATIO_TARGET),
                mark(targetsMet.ratio()));
        row(
                out,
                "Kafka Streams floor (copy only)",
                perSec(streamsFloorItemsPerSec, processCpuMicrosPerItem.streamsFloor(), jitShareOfCore.streamsFloor()),
                "",
                "");
        row(out, "floor / plain Kafka", String.format(Locale.ROOT, "%.2f", floorRatio), "", "Kafka Streams alone");
        row(
                out,
                "ingest -> alert, exactly_once_v2",
                latency(latencyMs),
                String.format(Locale.ROOT, "p99 <= %.0f ms", EXACTLY_ONCE_P99_TARGET),
                mark(targetsMet.latencyMs()));
        row(out, "  of which ingest -> story stage", latency(exactlyOnceToStory), "", "");
        row(
                out,
                "ingest -> alert, at_least_once",
                latency(atLeastOnce),
                String.format(Locale.ROOT, "p99 <= %.0f ms", AT_LEAST_ONCE_P99_TARGET),
                mark(targetsMet.atLeastOnce()));
        row(out, "  of which ingest -> story stage", latency(atLeastOnceToStory), "", "");
        out.append(String.format(
                Locale.ROOT,
                "%nlatency: %,d items/s for %d s per guarantee, %,d and %,d alerts measured%n",
                rate,
                latencySeconds,
                latencyMs.samples(),
                atLeastOnce.samples()));
        StreamThreadTime t = pipelineStreamThread;
        double pass = Math.max(1, t.passMs());
        out.append(String.format(
                Locale.ROOT,
                "pipeline pass, stream thread: %,d ms, %,d ms of CPU (%,d us an item); blocked on Kafka %.0f%%"
                        + " (producer flush %.0f%%, send offsets %.0f%%, commit %.0f%%, the rest waiting for input);"
                        + " %,d commits%n",
                t.passMs(),
                t.cpuMs(),
                t.cpuMs() * 1000 / Math.max(1, items),
                100 * t.blockedMs() / pass,
                100 * t.flushMs() / pass,
                100 * t.sendOffsetsMs() / pass,
                100 * t.commitTxnMs() / pass,
                t.commits()));
        return out.toString();
    }

    private static void row(StringBuilder out, String what, String measured, String target, String mark) {
        out.append(String.format(Locale.ROOT, "%-34s %-44s %-16s %s%n", what, measured, target, mark));
    }

    /** A pass's rate, its CPU time per item and the JIT's share of a core meanwhile, for people. */
    static String perSec(long itemsPerSec, double cpuMicrosPerItem, double jitShare) {
        return String.format(
                Locale.ROOT,
                "%,d items/s, %.0f us CPU/item, JIT %.0f%%",
                itemsPerSec,
                cpuMicrosPerItem,
                jitShare * 100);
    }

    private static String latency(LatencySummary l) {
        return String.format(Locale.ROOT, "p50 %.1f ms  p99 %.1f ms  max %.1f ms", l.p50(), l.p99(), l.max());
    }

    private static String mark(boolean met) {
        return met ? "met" : "MISSED";
    }
}
