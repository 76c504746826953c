package io.geoalert.consumer.delivery;

import static io.geoalert.consumer.delivery.FaultBench.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.ops.Health;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.TopicReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on the delivery path against a real broker: whatever fails, no offset is committed past an
 * alert that is not durable in every sink or acknowledged on the dead-letter topic, and once the
 * fault clears every alert arrives.
 */
class AlertDeliveryFaultIT {

    @TempDir
    Path dir;

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static double count(MeterRegistry registry, String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void sinkFlushFailsThenRecoversWithoutCommittingEarlyOrLeavingTheGroup() throws Exception {
        String run = run();
        try (FaultBench bench = new FaultBench(run, 3, Map.of())) {
            int in = 200;
            bench.fill(in, i -> false);
            RecordingSink sink = new RecordingSink();
            sink.refuseFlush = true;
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            String group = "flush-" + run;
            // the failure outlasts max.poll.interval.ms: sleeping through backoffs would cost the group membership
            ConsumerSettings settings = bench.settings(
                    group, 3, Duration.ofMillis(50), Duration.ofMillis(400), Map.of("max.poll.interval.ms", "2000"));
            AlertDeliveryService service = new AlertDeliveryService(settings, List.of(sink), registry);
            service.start();
            try {
                long failingSince = System.nanoTime();
                await(
                        "flushes to fail for longer than max.poll.interval.ms",
                        Duration.ofSeconds(20),
                        () -> sink.flushFailures.get() >= 3
                                && System.nanoTime() - failingSince
                                        > Duration.ofMillis(3500).toNanos());
                assertEquals(0, bench.committedTotal(group), "committed while the sink could not flush");
                Health.Status down = service.health();
                assertFalse(down.up(), down.detail());
                assertTrue(down.detail().contains("failed to flush"), down.detail());

                long cleared = System.nanoTime();
                sink.refuseFlush = false;
                await("every alert flushed", Duration.ofSeconds(20), () -> sink.seen() == in);
                Duration recovery = Duration.ofNanos(System.nanoTime() - cleared);
                await("every offset committed", Duration.ofSeconds(20), () -> committed(bench, group) == in);
                await(
                        "health back up",
                        Duration.ofSeconds(5),
                        () -> service.health().up());
                FaultBench.report("sink-flush-fails", in, in, sink.seen(), sink.doubled(), recovery);
                assertEquals(0, in - sink.seen(), "lost");
                assertEquals(0, sink.doubled(), "a failed flush drops the batch, so redelivery must not double it");
                assertEquals(
                        0,
                        count(registry, "geoalert.delivery.rebalances", "event", "revoked"),
                        "the consumer left its group while backing off");
                assertTrue(count(registry, "geoalert.delivery.flush.failures", "sink", "recording") >= 3);
            } finally {
                service.close();
            }
        }
    }

    @Test
    void unacknowledgedDeadLetterStopsTheCommitUntilTheTopicTakesItThenDeliversEverything() throws Exception {
        String run = run();
        // every record is larger than this, so the broker refuses each dead-letter send
        try (FaultBench bench = new FaultBench(run, 3, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "64"))) {
            int in = 100;
            List<FaultBench.Sent> sent = bench.fill(in, i -> i % 10 == 3);
            Set<String> refused = sent.stream()
                    .filter(s -> s.alert().title().startsWith("REFUSE"))
                    .map(s -> s.alert().alertId())
                    .collect(Collectors.toSet());
            Map<TopicPartition, Long> firstRefused = new HashMap<>();
            sent.stream()
                    .filter(s -> refused.contains(s.alert().alertId()))
                    .forEach(s -> firstRefused.merge(s.partition(), s.offset(), Math::min));
            RecordingSink sink = new RecordingSink();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            String group = "dlq-" + run;
            AlertDeliveryService service = new AlertDeliveryService(
                    bench.settings(group, 2, Duration.ofMillis(20), Duration.ofMillis(300), Map.of()),
                    List.of(sink),
                    registry);
            service.start();
            try {
                await(
                        "dead-letter sends to be refused",
                        Duration.ofSeconds(30),
                        () -> count(registry, "geoalert.delivery.dlq.failures") >= 3);
                Map<TopicPartition, Long> committed = bench.committed(group);
                committed.forEach((tp, offset) -> assertTrue(
                        offset <= firstRefused.getOrDefault(tp, Long.MAX_VALUE),
                        "committed " + tp + " to " + offset + " past the refused alert at " + firstRefused.get(tp)));
                Health.Status down = service.health();
                assertFalse(down.up(), down.detail());
                assertTrue(down.detail().contains(bench.deadLetterTopic), down.detail());

                long cleared = System.nanoTime();
                bench.admin
                        .incrementalAlterConfigs(Map.of(
                                new ConfigResource(ConfigResource.Type.TOPIC, bench.deadLetterTopic),
                                List.of(new AlterConfigOp(
                                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"),
                                        AlterConfigOp.OpType.SET))))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                List<ConsumerRecord<String, byte[]>> dead = TopicReader.await(
                        KafkaFixture.bootstrapServers(),
                        bench.deadLetterTopic,
                        refused.size(),
                        r -> true,
                        Duration.ofSeconds(30));
                await("every good alert flushed", Duration.ofSeconds(20), () -> sink.seen() == in - refused.size());
                Duration recovery = Duration.ofNanos(System.nanoTime() - cleared);
                await("every offset committed", Duration.ofSeconds(20), () -> committed(bench, group) == in);

                Map<String, Integer> deadCounts = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record :
                        TopicReader.readToEnd(KafkaFixture.bootstrapServers(), bench.deadLetterTopic, r -> true)) {
                    deadCounts.merge(Json.read(record.value(), Alert.class).alertId(), 1, Integer::sum);
                }
                assertEquals(refused, deadCounts.keySet(), "set aside: " + dead.size());
                int seen = sink.seen() + deadCounts.size();
                int doubled = sink.doubled()
                        + deadCounts.values().stream().mapToInt(c -> c - 1).sum();
                FaultBench.report("alerts-dlq-unavailable", in, in, seen, doubled, recovery);
                assertEquals(in, seen, "lost");
                assertTrue(sink.tally.keySet().stream().noneMatch(refused::contains));
            } finally {
                service.close();
            }
        }
    }

    @Test
    void fileSystemRefusingWritesHoldsTheCommitAndTheFileGetsEveryAlertOnceItWorks() throws Exception {
        String run = run();
        try (FaultBench bench = new FaultBench(run, 3, Map.of())) {
            int in = 150;
            bench.fill(in, i -> false);
            Path out = dir.resolve("out");
            Path file = out.resolve("alerts.jsonl");
            JsonLinesFileSink sink = new JsonLinesFileSink(file);
            // the directory becomes a regular file: as root, permissions would not stop the writes
            Files.delete(file);
            Files.delete(out);
            Files.writeString(out, "not a directory");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            String group = "fs-" + run;
            AlertDeliveryService service = new AlertDeliveryService(
                    bench.settings(group, 3, Duration.ofMillis(50), Duration.ofMillis(400), Map.of()),
                    List.of(sink),
                    registry);
            service.start();
            try {
                await(
                        "the file sink to fail",
                        Duration.ofSeconds(20),
                        () -> count(registry, "geoalert.delivery.flush.failures", "sink", "file") >= 3);
                assertEquals(0, bench.committedTotal(group), "committed while the file could not be written");
                assertFalse(service.health().up());

                long cleared = System.nanoTime();
                Files.delete(out);
                await(
                        "every alert in the file",
                        Duration.ofSeconds(20),
                        () -> distinctIds(file, run).size() == in);
                Duration recovery = Duration.ofNanos(System.nanoTime() - cleared);
                await("every offset committed", Duration.ofSeconds(20), () -> committed(bench, group) == in);
                List<String> lines = Files.readAllLines(file);
                int doubled = lines.size() - distinctIds(file, run).size();
                FaultBench.report(
                        "file-system-refuses-writes",
                        in,
                        in,
                        distinctIds(file, run).size(),
                        doubled,
                        recovery);
                assertEquals(in, distinctIds(file, run).size(), "lost");
                assertTrue(
                        lines.stream().allMatch(l -> l.startsWith("{") && l.endsWith("}")), "a torn line in the file");
            } finally {
                service.close();
            }
        }
    }

    @Test
    void rebalanceWhileBackingOffLosesNoAlert() throws Exception {
        String run = run();
        try (FaultBench bench = new FaultBench(run, 4, Map.of())) {
            int in = 200;
            bench.fill(in, i -> false);
            Map<String, AtomicInteger> tally = new ConcurrentHashMap<>();
            RecordingSink first = new RecordingSink(tally);
            first.refuseAll = true;
            RecordingSink second = new RecordingSink(tally);
            String group = "rebalance-" + run;
            // enough attempts that the first member is still backing off when the second joins
            ConsumerSettings settings =
                    bench.settings(group, 20, Duration.ofMillis(100), Duration.ofMillis(500), Map.of());
            SimpleMeterRegistry firstRegistry = new SimpleMeterRegistry();
            SimpleMeterRegistry secondRegistry = new SimpleMeterRegistry();
            AlertDeliveryService one = new AlertDeliveryService(settings, List.of(first), firstRegistry);
            AlertDeliveryService two = new AlertDeliveryService(settings, List.of(second), secondRegistry);
            one.start();
            try {
                await("the first member to back off", Duration.ofSeconds(20), () -> first.deliveryFailures.get() >= 3);
                long joined = System.nanoTime();
                two.start();
                await(
                        "the group to rebalance",
                        Duration.ofSeconds(30),
                        () -> count(firstRegistry, "geoalert.delivery.rebalances", "event", "revoked") >= 1
                                && count(secondRegistry, "geoalert.delivery.rebalances", "event", "assigned") >= 1);
                first.refuseAll = false;
                await(
                        "every alert delivered by one member or the other",
                        Duration.ofSeconds(30),
                        () -> tally.size() == in);
                Duration recovery = Duration.ofNanos(System.nanoTime() - joined);
                await("every offset committed", Duration.ofSeconds(20), () -> committed(bench, group) == in);
                int doubled = tally.values().stream().mapToInt(c -> c.get() - 1).sum();
                FaultBench.report("rebalance-mid-batch", in, in, tally.size(), doubled, recovery);
                assertEquals(in, tally.size(), "lost");
                assertTrue(second.flushed.get() > 0, "the second member took no partition");
            } finally {
                two.close();
                one.close();
            }
        }
    }

    @Test
    void aSinkBugRestartsTheLoopFromTheCommittedOffsetsAndShowsOnHealth() throws Exception {
        String run = run();
        try (FaultBench bench = new FaultBench(run, 3, Map.of())) {
            int in = 100;
            bench.fill(in, i -> false);
            Map<String, AtomicInteger> tally = new ConcurrentHashMap<>();
            RecordingSink recording = new RecordingSink(tally);
            java.util.concurrent.CountDownLatch struck = new java.util.concurrent.CountDownLatch(1);
            // an Error is a bug, not a failed delivery: nothing in the loop may swallow it, its supervisor restarts it
            AlertSink buggy = new AlertSink() {
                @Override
                public String name() {
                    return "buggy";
                }

                @Override
                public void deliver(Alert alert) throws Exception {
                    if (alert.alertId().endsWith("-0042") && struck.getCount() > 0) {
                        struck.countDown();
                        throw new AssertionError("an invariant of the sink broke");
                    }
                    recording.deliver(alert);
                }

                @Override
                public void flush() throws Exception {
                    recording.flush();
                }
            };
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            String group = "bug-" + run;
            AlertDeliveryService service = new AlertDeliveryService(
                    bench.settings(group, 3, Duration.ofMillis(20), Duration.ofMillis(200), Map.of()),
                    List.of(buggy),
                    registry,
                    new io.geoalert.ops.Backoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
                    java.time.Clock.systemUTC());
            service.start();
            try {
                assertTrue(struck.await(20, TimeUnit.SECONDS), "the bug never struck");
                long since = System.nanoTime();
                await(
                        "health to show the failed loop",
                        Duration.ofSeconds(5),
                        () -> !service.health().up()
                                && service.health().detail().contains("an invariant of the sink broke"));
                await("every alert delivered after the restart", Duration.ofSeconds(30), () -> tally.size() == in);
                Duration recovery = Duration.ofNanos(System.nanoTime() - since);
                await("every offset committed", Duration.ofSeconds(20), () -> committed(bench, group) == in);
                FaultBench.report("sink-bug-restarts-loop", in, in, tally.size(), recording.doubled(), recovery);
                assertEquals(in, tally.size(), "lost");
                assertEquals(1, count(registry, "geoalert.loop.failures", "loop", "delivery"));
                await(
                        "health back up",
                        Duration.ofSeconds(10),
                        () -> service.health().up());
            } finally {
                service.close();
            }
        }
    }

    private static long committed(FaultBench bench, String group) {
        try {
            return bench.committedTotal(group);
        } catch (Exception e) {
            return -1;
        }
    }

    private static Set<String> distinctIds(Path file, String run) {
        try {
            if (!Files.isRegularFile(file)) {
                return Set.of();
            }
            return Files.readAllLines(file).stream()
                    .filter(l -> l.contains(run))
                    .map(l -> Json.read(l.getBytes(java.nio.charset.StandardCharsets.UTF_8), Alert.class)
                            .alertId())
                    .collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            return Set.of();
        }
    }
}
