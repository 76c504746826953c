package io.geoalert.app.bench;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where the stream threads' time went during a pass, from Kafka's own client and Streams metrics:
 * blocked on Kafka in all (KIP-761), and of that flushing the producer, sending offsets to the
 * transaction and committing it; the rest of the pass is processing (and waiting for input, which the
 * blocked time includes). Milliseconds summed over stream threads; {@code commits} is their commit count.
 */
public record StreamThreadTime(
        long passMs, long blockedMs, long flushMs, long sendOffsetsMs, long commitTxnMs, long commits) {

    /** The counters now, as a pass of length zero. */
    static StreamThreadTime snapshot(MeterRegistry registry) {
        return new StreamThreadTime(
                0,
                nanosToMillis(total(registry, "kafka.stream.thread.blocked.time.ns.total")),
                nanosToMillis(total(registry, "kafka.producer.flush.time.ns.total")),
                nanosToMillis(total(registry, "kafka.producer.txn.send.offsets.time.ns.total")),
                nanosToMillis(total(registry, "kafka.producer.txn.commit.time.ns.total")),
                (long) total(registry, "kafka.stream.thread.commit.total"));
    }

    /** What happened between {@code before} and this snapshot, during a pass of {@code passMs}. */
    StreamThreadTime since(StreamThreadTime before, long passMs) {
        return new StreamThreadTime(
                passMs,
                blockedMs - before.blockedMs,
                flushMs - before.flushMs,
                sendOffsetsMs - before.sendOffsetsMs,
                commitTxnMs - before.commitTxnMs,
                commits - before.commits);
    }

    private static double total(MeterRegistry registry, String name) {
        double sum = 0;
        for (Meter meter : registry.find(name).meters()) {
            for (Measurement measurement : meter.measure()) {
                if (Double.isFinite(measurement.getValue())) {
                    sum += measurement.getValue();
                }
            }
        }
        return sum;
    }

    private static long nanosToMillis(double nanos) {
        return Math.round(nanos / 1e6);
    }
}
