package io.geoalert.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;

class TopicFollowerTest {

    private static final String TOPIC = FakeTopic.NAME;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Test
    void handsOnEveryRecordFromTheBeginningAndThenWhatArrives() throws Exception {
        FakeTopic topic = new FakeTopic("a", "b");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var follower = new TopicFollower<String, String>(
                "test",
                TOPIC,
                topic::consumer,
                Duration.ofMillis(10),
                TopicFollower.Start.BEGINNING,
                record -> seen.add(record.value()),
                new SimpleMeterRegistry())) {
            follower.start();
            await("the records on the topic", () -> seen.size() == 2);
            topic.log.add("c");
            await("a record written later", () -> seen.size() == 3);
            assertEquals(List.of("a", "b", "c"), seen);
            assertTrue(follower.health().up(), follower.health().detail());
        }
    }

    @Test
    void aHandlerThatBreaksRestartsTheFollowerWhichGoesOnAfterThatRecordWithoutRepeats() throws Exception {
        FakeTopic topic = new FakeTopic("a", "b", "c");
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean broken = new AtomicBoolean();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (var follower = new TopicFollower<String, String>(
                "test",
                TOPIC,
                topic::consumer,
                Duration.ofMillis(10),
                TopicFollower.Start.BEGINNING,
                record -> {
                    seen.add(record.value());
                    if (record.value().equals("b") && broken.compareAndSet(false, true)) {
                        throw new IllegalStateException("the handler broke");
                    }
                },
                registry)) {
            follower.start();
            await("all records after the restart", () -> seen.size() == 3);
            assertEquals(List.of("a", "b", "c"), seen);
            assertEquals(2, topic.consumersMade.get(), "a fresh consumer after the failure");
            assertEquals(
                    1.0,
                    registry.get("geoalert.loop.failures")
                            .tag("loop", "test")
                            .counter()
                            .count());
        }
    }

    @Test
    void startsAtTheLastRecordsOfEachPartitionWhenAskedTo() throws Exception {
        FakeTopic topic = new FakeTopic("a", "b", "c", "d");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var follower = new TopicFollower<String, String>(
                "test",
                TOPIC,
                topic::consumer,
                Duration.ofMillis(10),
                TopicFollower.Start.lastRecords(2),
                record -> seen.add(record.value()),
                new SimpleMeterRegistry())) {
            follower.start();
            await("the last two records", () -> seen.size() >= 2);
            TimeUnit.MILLISECONDS.sleep(50);
            assertEquals(List.of("c", "d"), seen);
        }
    }

    @Test
    void continuesFromWhereAReplayLeftOff() throws Exception {
        FakeTopic topic = new FakeTopic("a", "b", "c");
        List<String> replayed = new CopyOnWriteArrayList<>();
        List<String> followed = new CopyOnWriteArrayList<>();
        try (var follower = new TopicFollower<String, String>(
                "test",
                TOPIC,
                topic::consumer,
                Duration.ofMillis(10),
                TopicFollower.Start.BEGINNING,
                record -> followed.add(record.value()),
                new SimpleMeterRegistry())) {
            try (MockConsumer<String, String> reader = topic.consumer()) {
                TopicReplay.fromBeginning(reader, TOPIC, Duration.ofSeconds(5), record -> replayed.add(record.value()));
                follower.continueFrom(reader);
            }
            topic.log.add("d");
            follower.start();
            await("the record written after the replay", () -> followed.contains("d"));
            assertEquals(List.of("a", "b", "c"), replayed);
            assertEquals(List.of("d"), followed);
        }
    }

    @Test
    void aBatchIsReportedOnceItsRecordsAreHandedOn() throws Exception {
        FakeTopic topic = new FakeTopic("a", "b");
        List<String> events = new CopyOnWriteArrayList<>();
        try (var follower = new TopicFollower<String, String>(
                "test",
                TOPIC,
                topic::consumer,
                Duration.ofMillis(10),
                TopicFollower.Start.BEGINNING,
                new TopicFollower.Handler<>() {
                    @Override
                    public void record(ConsumerRecord<String, String> record) {
                        events.add(record.value());
                    }

                    @Override
                    public void polled(int records) {
                        if (records > 0) {
                            events.add("batch of " + records);
                        }
                    }
                },
                new SimpleMeterRegistry())) {
            follower.start();
            await("the batch", () -> events.contains("batch of 2"));
            assertEquals(List.of("a", "b", "batch of 2"), events);
        }
    }

    @Test
    void closeEndsAFollowerRunningInTheForeground() throws Exception {
        FakeTopic topic = new FakeTopic("a");
        AtomicBoolean handed = new AtomicBoolean();
        var follower = new TopicFollower<String, String>(
                "test",
                TOPIC,
                topic::consumer,
                Duration.ofMillis(10),
                TopicFollower.Start.BEGINNING,
                record -> handed.set(true),
                new SimpleMeterRegistry());
        Thread foreground = new Thread(follower::run);
        foreground.start();
        await("the record", handed::get);
        follower.close();
        foreground.join(5_000);
        assertFalse(foreground.isAlive(), "run() did not return after close()");
    }
}
