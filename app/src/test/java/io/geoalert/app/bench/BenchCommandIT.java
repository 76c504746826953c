package io.geoalert.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.app.CommandRun;
import io.geoalert.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code geoalert bench --json} end to end on a small run: one JSON object with every figure, every
 * item counted, latencies positive and ordered. Speed targets are the benchmark's to report, not a
 * test's to assert.
 */
class BenchCommandIT {

    @Test
    void printsOneJsonObjectWithEveryItemCountedAndOrderedLatencies() throws Exception {
        CommandRun run = CommandRun.of(
                "bench",
                "--json",
                "--items",
                "500",
                "--warmup",
                "300",
                "--rate",
                "200",
                "--latency-seconds",
                "2",
                "--rules",
                "20",
                "--streams-property",
                "commit.interval.ms=50");

        assertEquals(0, run.exit(), run.err());
        String json = run.out().strip();
        assertTrue(json.startsWith("{") && json.endsWith("}") && json.lines().count() == 1, json);
        JsonNode report = Json.MAPPER.readTree(json);
        for (String field :
                List.of("kafkaItemsPerSec", "pipelineItemsPerSec", "ratio", "streamsFloorItemsPerSec", "floorRatio")) {
            assertTrue(report.get(field).asDouble() > 0, field + " in " + json);
        }
        assertEquals(
                report.get("pipelineItemsPerSec").asDouble()
                        / report.get("kafkaItemsPerSec").asDouble(),
                report.get("ratio").asDouble(),
                0.001);
        assertEquals(
                report.get("streamsFloorItemsPerSec").asDouble()
                        / report.get("kafkaItemsPerSec").asDouble(),
                report.get("floorRatio").asDouble(),
                0.001);
        assertEquals(500, report.get("kafkaItemsConsumed").asInt());
        assertEquals(500, report.get("pipelineItemsProcessed").asInt());
        assertTrue(report.get("pipelineAlertingItems").asInt() > 50, json); // about a quarter of 500
        assertEquals(0, report.get("pipelineAlertUpdates").asInt(), "every generated item is a story of its own");
        for (String guarantee : List.of("latencyMs", "atLeastOnce")) {
            JsonNode latency = report.get(guarantee);
            double p50 = latency.get("p50").asDouble();
            double p99 = latency.get("p99").asDouble();
            double max = latency.get("max").asDouble();
            assertTrue(0 < p50 && p50 <= p99 && p99 <= max, guarantee + " " + latency);
            // 400 items at 200/s, about a quarter raising one or more alerts each
            assertTrue(latency.get("samples").asInt() > 50, guarantee + " " + latency);
        }
        JsonNode thread = report.get("pipelineStreamThread");
        assertTrue(thread.get("passMs").asLong() > 0 && thread.get("commits").asLong() > 0, thread.toString());
        assertEquals(500, report.get("items").asInt());
        // rounds of a fifth of --warmup until the JIT settled, or ten times --warmup went through
        JsonNode warmup = report.get("warmup");
        int warmed = warmup.get("items").asInt();
        assertTrue(warmed >= 300 && warmed % 60 == 0, json);
        assertTrue(warmed == 3_000 || warmup.get("jitShare").asDouble() < 0.15, json);
        JsonNode atLeastOnceWarmup = report.get("atLeastOnceWarmup");
        int warmedAgain = atLeastOnceWarmup.get("items").asInt();
        assertTrue(warmedAgain >= 60 && warmedAgain % 12 == 0, json);
        assertTrue(warmedAgain == 600 || atLeastOnceWarmup.get("jitShare").asDouble() < 0.15, json);
        JsonNode cpu = report.get("processCpuMicrosPerItem");
        JsonNode jit = report.get("jitShareOfCore");
        for (String pass : List.of("plainKafka", "streamsFloor", "pipeline")) {
            assertTrue(cpu.get(pass).asDouble() > 0, pass + " in " + cpu);
            assertTrue(jit.get(pass).asDouble() >= 0, pass + " in " + jit);
        }
        assertEquals(200, report.get("rate").asInt());
        assertEquals(20, report.get("rules").asInt());
        assertEquals(
                "50", report.get("streamsProperties").get("commit.interval.ms").asText());
        assertTrue(report.get("cores").asInt() >= 1);
        assertTrue(report.get("java").asText().matches("\\d+.*"), json);
        assertTrue(report.get("targetsMet").has("ratio"), json);
        assertTrue(run.err().contains("Kafka Streams floor"), run.err());
        assertTrue(run.err().contains("latency, at_least_once"), run.err());
    }
}
