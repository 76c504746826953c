package io.geoalert.app.bench;

import io.geoalert.kafka.KafkaClients;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A {@code read_committed} reader of one topic that counts the records as they arrive and notes when
 * the last one did, so that a pass is timed by the arrivals and not by when the bench got round to
 * reading them.
 */
final class RecordWatch extends TopicWatch<byte[]> {

    private final AtomicLong count = new AtomicLong();
    private volatile long lastMicros;

    RecordWatch(KafkaClients kafka, String topic) {
        super(
                kafka.consumer(
                        Map.of(
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "geoalert-bench-" + topic),
                        new StringDeserializer(),
                        new ByteArrayDeserializer()),
                topic);
        start();
    }

    @Override
    void arrived(ConsumerRecords<String, byte[]> records, long atMicros) {
        lastMicros = atMicros;
        count.addAndGet(records.count());
    }

    /** Records read since the watch started. */
    long count() {
        return count.get();
    }

    /**
     * Waits until {@code total} records have arrived since the watch started; returns when the last of
     * them did (microseconds). Progress counts from {@code shownFrom}.
     *
     * @throws IllegalStateException when they have not within {@code timeout}, or the reader failed
     */
    long await(long total, Duration timeout, Progress progress, String phase, long shownFrom)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() < total) {
            rethrowFailure("the pass's records");
            progress.show(phase, count.get() - shownFrom, total - shownFrom, "records read");
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "%s: %,d of %,d records within %d s",
                        phase,
                        count.get(),
                        total,
                        timeout.toSeconds()));
            }
            Thread.sleep(5);
        }
        return lastMicros;
    }
}
