package io.geoalert.kafka;

import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.geoalert.ops.SupervisedLoop;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of one topic without a consumer group (nothing is committed) and hands
 * each record on, on a {@link SupervisedLoop}: a failure is counted, shown on health and followed
 * by a restart with backoff, with a fresh consumer that goes on after the last record handed on.
 * {@link #run()} follows on the calling thread instead; {@link #close()} wakes and stops either.
 */
public final class TopicFollower<K, V> implements AutoCloseable {

    /** What to do with what the follower reads. */
    public interface Handler<K, V> {
        /** One record. The follower has moved past it already: a record that breaks the handler is not read again. */
        void record(ConsumerRecord<K, V> record);

        /** After each poll, an empty one too, with how many records it brought: for work done once per batch. */
        default void polled(int records) {}
    }

    /** Where a partition the follower has no position for begins, given its first offset and the offset of its next record. */
    @FunctionalInterface
    public interface Start {
        /** From the oldest record kept. */
        Start BEGINNING = (beginning, end) -> beginning;

        long offset(long beginning, long end);

        /** The last {@code count} records of each partition ({@code Long.MAX_VALUE} for all of them). */
        static Start lastRecords(long count) {
            return (beginning, end) -> count >= end ? beginning : Math.max(beginning, end - count);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Backoff TOPIC_WAIT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
    /** A follower run in the foreground has no supervisor: a failure ends the run. */
    private static final SupervisedLoop.Control FOREGROUND = new SupervisedLoop.Control() {
        @Override
        public boolean running() {
            return true;
        }

        @Override
        public void healthy() {}
    };

    private final String topic;
    private final Supplier<? extends Consumer<K, V>> consumers;
    private final Duration pollTimeout;
    private final Start start;
    private final Handler<K, V> handler;
    private final SupervisedLoop loop;
    /** Next offset to read per partition, kept across restarts of the loop. */
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

    private volatile Consumer<K, V> current;
    private volatile boolean running = true;

    /**
     * @param name      the loop's name on {@code /health} and in metrics
     * @param consumers makes the consumer of each run (from {@link KafkaClients}); the follower assigns and closes it
     */
    public TopicFollower(
            String name,
            String topic,
            Supplier<? extends Consumer<K, V>> consumers,
            Duration pollTimeout,
            Start start,
            Handler<K, V> handler,
            MeterRegistry registry) {
        this.topic = topic;
        this.consumers = consumers;
        this.pollTimeout = pollTimeout;
        this.start = start;
        this.handler = handler;
        this.loop = new SupervisedLoop(name, this::follow, registry);
    }

    /** Goes on from where a consumer that read the topic (e.g. with {@link TopicReplay}) stands; call before following. */
    public void continueFrom(Consumer<?, ?> reader) {
        for (TopicPartition partition : reader.assignment()) {
            positions.put(partition, reader.position(partition));
        }
    }

    /** Follows the topic on a supervised background thread; returns at once. */
    public void start() {
        loop.start();
    }

    /** Follows the topic on the calling thread until {@link #close()}; a failure ends it. */
    public void run() {
        follow(FOREGROUND);
    }

    /** UP while following; DOWN with the last failure while the loop restarts. */
    public Health.Status health() {
        return loop.health();
    }

    private void follow(SupervisedLoop.Control control) {
        Consumer<K, V> consumer = consumers.get();
        current = consumer;
        try {
            if (!running) {
                return; // closed before the consumer could be woken
            }
            seek(consumer, awaitPartitions(consumer));
            while (running && control.running()) {
                ConsumerRecords<K, V> batch = consumer.poll(pollTimeout);
                for (ConsumerRecord<K, V> record : batch) {
                    positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    handler.record(record);
                }
                handler.polled(batch.count());
                control.healthy();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            current = null;
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private void seek(Consumer<K, V> consumer, List<TopicPartition> partitions) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            long begin = begins.get(tp);
            Long next = positions.get(tp);
            // a position the topic no longer keeps (retention) resumes at its oldest record
            consumer.seek(tp, Math.max(begin, next != null ? next : start.offset(begin, ends.get(tp))));
        }
    }

    /** A topic not created yet (or not yet in metadata) is waited for, not mistaken for a failure. */
    private List<TopicPartition> awaitPartitions(Consumer<K, V> consumer) {
        for (int attempt = 1; running; attempt++) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            Duration wait = TOPIC_WAIT.delay(attempt);
            log.info("waiting for topic {} to exist; looking again in {} ms", topic, wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        throw new WakeupException();
    }

    /** Stops following and waits for the loop to end; safe from any thread. */
    @Override
    public void close() {
        running = false;
        loop.stop(Duration.ZERO);
        Consumer<K, V> consumer = current;
        if (consumer != null) {
            consumer.wakeup();
        }
        loop.close();
    }
}
