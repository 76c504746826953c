package io.geoalert.app.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A reader of every partition of one topic, from its end when it starts, on a thread of its own for as
 * long as it is open: what arrives is handed to {@link #arrived} with the moment it arrived. A failure of
 * its consumer ends the benchmark (a measurement that lost its reader is no measurement), so it is not a
 * supervised loop that retries.
 */
abstract class TopicWatch<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    TopicWatch(KafkaConsumer<String, V> consumer, String topic) {
        this.consumer = consumer;
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fixed now, so nothing produced from here on is missed
        this.thread = new Thread(this::read, "geoalert-bench-watch-" + topic);
        thread.setDaemon(true);
    }

    /** Starts reading; called once the subclass is ready for {@link #arrived}. */
    final void start() {
        thread.start();
    }

    /** Records that arrived together, at {@code atMicros} (wall clock); called on the watch's thread. */
    abstract void arrived(ConsumerRecords<String, V> records, long atMicros);

    private void read() {
        try {
            while (running) {
                ConsumerRecords<String, V> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    arrived(records, Micros.now());
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                failure.set(e);
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /** Throws if the reader has failed, naming {@code what} it read. */
    final void rethrowFailure(String what) {
        Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("the reader of " + what + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
