package io.geoalert.consumer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.testing.MovingClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The delivery rounds against Kafka's mock clients, with time under the test's control. */
class DeliveryLoopTest {

    private static final String TOPIC = "alerts";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Duration ROUND = Duration.ofMillis(1);

    /** A clock the test moves by hand. */

    /** Kafka's mock consumer, with a way to make the next commit fail as a rebalance would. */
    private static final class RefusingConsumer extends MockConsumer<String, byte[]> {
        RuntimeException nextCommitError;

        RefusingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            RuntimeException error = nextCommitError;
            nextCommitError = null;
            if (error != null) {
                throw error;
            }
            super.commitSync(offsets);
        }
    }

    private final RefusingConsumer consumer = new RefusingConsumer();
    private final MockProducer<String, byte[]> deadLetters =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ConsumerSettings settings = new ConsumerSettings(
                    "127.0.0.1:9", "group", 3, Duration.ofMillis(100), Map.of())
            .withMaxRetryBackoff(Duration.ofMillis(100));

    private DeliveryLoop loop(AlertSink sink) {
        DeliveryLoop loop = new DeliveryLoop(
                consumer, deadLetters, List.of(sink), settings, new DeliveryMetrics(new SimpleMeterRegistry()), clock);
        loop.subscribe();
        consumer.rebalance(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.seek(P0, 0);
        consumer.seek(P1, 0);
        return loop;
    }

    /** Puts records on the mock, as a fetch from the current position would return them. */
    private void offer(TopicPartition partition, long offset, String alertId) {
        consumer.addRecord(new ConsumerRecord<>(
                TOPIC,
                partition.partition(),
                offset,
                alertId,
                Json.toBytes(TestAlerts.alert(alertId, "treaty", "Treaty " + alertId, clock.instant()))));
    }

    private Long committed(TopicPartition partition) {
        OffsetAndMetadata offset = consumer.committed(Set.of(partition)).get(partition);
        return offset == null ? null : offset.offset();
    }

    @Test
    void pausesThePartitionWhileASinkBacksOffAndKeepsDeliveringTheOthers() {
        Map<String, Integer> attempts = new HashMap<>();
        RecordingSink delivered = new RecordingSink();
        AlertSink flaky = new AlertSink() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public void deliver(Alert alert) throws Exception {
                if (alert.alertId().equals("p0-first") && attempts.merge(alert.alertId(), 1, Integer::sum) == 1) {
                    throw new IOException("endpoint answered 503");
                }
                delivered.deliver(alert);
            }

            @Override
            public void flush() throws Exception {
                delivered.flush();
            }
        };
        DeliveryLoop loop = loop(flaky);
        offer(P0, 0, "p0-first");
        offer(P0, 1, "p0-second");
        offer(P1, 0, "p1-first");

        loop.runOnce(ROUND);
        assertEquals(Set.of(P0), consumer.paused(), "the failing partition waits out its backoff paused");
        assertEquals(0, consumer.position(P0), "it comes back to the failed alert");
        assertNull(committed(P0), "nothing past the failed alert is committed");
        assertEquals(1L, committed(P1), "the other partition goes on");
        assertEquals(Set.of("p1-first"), delivered.tally.keySet());

        loop.runOnce(ROUND);
        assertEquals(Set.of(P0), consumer.paused(), "still backing off: the clock has not moved");

        clock.advance(Duration.ofMillis(200));
        offer(P0, 0, "p0-first");
        offer(P0, 1, "p0-second");
        loop.runOnce(ROUND);
        assertEquals(Set.of(), consumer.paused());
        assertEquals(2L, committed(P0));
        assertEquals(Set.of("p0-first", "p0-second", "p1-first"), delivered.tally.keySet());
        assertEquals(0, delivered.doubled());
    }

    @Test
    void commitsNothingWhenAFlushFailsAndDeliversAgainFromTheFirstUnflushedAlert() {
        RecordingSink sink = new RecordingSink();
        DeliveryLoop loop = loop(sink);
        offer(P0, 0, "a");
        offer(P0, 1, "b");
        loop.runOnce(ROUND);
        assertEquals(2L, committed(P0));

        sink.refuseFlush = true;
        offer(P0, 2, "c");
        offer(P0, 3, "d");
        loop.runOnce(ROUND);
        assertEquals(2L, committed(P0), "committed past alerts the sink did not keep");
        assertEquals(2, consumer.position(P0), "seeks back to the first alert the sink dropped");
        assertEquals(Set.of(P0, P1), consumer.paused(), "a failing sink holds every partition back");
        assertTrue(loop.problem().contains("failed to flush"), loop.problem());

        sink.refuseFlush = false;
        clock.advance(Duration.ofMillis(200));
        offer(P0, 2, "c");
        offer(P0, 3, "d");
        loop.runOnce(ROUND);
        assertEquals(4L, committed(P0));
        assertEquals(Set.of("a", "b", "c", "d"), sink.tally.keySet());
        assertEquals(0, sink.doubled());
        assertNull(loop.problem());
    }

    @Test
    void doesNotCommitPastADeadLetterKafkaDidNotAcknowledge() {
        RecordingSink sink = new RecordingSink();
        DeliveryLoop loop = loop(sink);
        deadLetters.sendException = new TimeoutException("alerts.dlq not available");
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "bad", "not an alert".getBytes(StandardCharsets.UTF_8)));
        offer(P0, 1, "after");
        loop.runOnce(ROUND);
        assertNull(committed(P0));
        assertEquals(0, consumer.position(P0));
        assertEquals(Set.of(P0), consumer.paused());
        assertTrue(loop.problem().contains(settings.deadLetterTopic()), loop.problem());

        deadLetters.sendException = null;
        clock.advance(Duration.ofMillis(200));
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "bad", "not an alert".getBytes(StandardCharsets.UTF_8)));
        offer(P0, 1, "after");
        loop.runOnce(ROUND);
        assertEquals(2L, committed(P0));
        assertEquals(1, deadLetters.history().size());
        assertEquals(
                "consumer.parse",
                DeadLetterHeaders.read(deadLetters.history().get(0).headers(), DeadLetterHeaders.STAGE));
        assertEquals(Set.of("after"), sink.tally.keySet());
        assertNull(loop.problem());
    }

    @Test
    void aCommitRefusedByANewGenerationSeeksBackToTheCommittedOffsetsAndDeliversAgain() {
        RecordingSink sink = new RecordingSink();
        DeliveryLoop loop = loop(sink);
        offer(P0, 0, "a");
        loop.runOnce(ROUND);
        assertEquals(1L, committed(P0));

        consumer.nextCommitError = new CommitFailedException("the group has rebalanced");
        offer(P0, 1, "b");
        offer(P0, 2, "c");
        loop.runOnce(ROUND);
        assertEquals(1L, committed(P0));
        assertEquals(1, consumer.position(P0), "not sought back to the committed offset");

        offer(P0, 1, "b");
        offer(P0, 2, "c");
        loop.runOnce(ROUND);
        assertEquals(3L, committed(P0));
        assertEquals(Set.of("a", "b", "c"), sink.tally.keySet());
        assertEquals(2, sink.doubled(), "at least once: the alerts of the refused commit came twice");
    }

    @Test
    void aCommitDuringARebalanceIsKeptAndMadeAfterwardWithoutDeliveringAgain() {
        RecordingSink sink = new RecordingSink();
        DeliveryLoop loop = loop(sink);
        consumer.nextCommitError = new RebalanceInProgressException("the group is rebalancing");
        offer(P0, 0, "a");
        offer(P0, 1, "b");
        loop.runOnce(ROUND);
        assertNull(committed(P0));
        assertEquals(2, consumer.position(P0));

        loop.runOnce(ROUND);
        assertEquals(2L, committed(P0));
        assertEquals(0, sink.doubled());
    }

    @Test
    void aRevokedPartitionIsFlushedCommittedAndForgotten() {
        RecordingSink sink = new RecordingSink();
        AlertSink failingOnce = new AlertSink() {
            int calls;

            @Override
            public String name() {
                return "once";
            }

            @Override
            public void deliver(Alert alert) throws Exception {
                if (alert.alertId().equals("p1") && calls++ == 0) {
                    throw new IOException("busy");
                }
                sink.deliver(alert);
            }

            @Override
            public void flush() throws Exception {
                sink.flush();
            }
        };
        DeliveryLoop loop = loop(failingOnce);
        offer(P0, 0, "p0");
        offer(P1, 0, "p1");
        loop.runOnce(ROUND);
        assertEquals(Set.of(P1), consumer.paused());

        consumer.rebalance(List.of(P0));
        assertEquals(1L, committed(P0));
        assertEquals(0, loop.pausedPartitions(), "a partition no longer owned is not waited for");
    }
}
