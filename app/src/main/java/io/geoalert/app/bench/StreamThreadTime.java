package io.geoalert.app.bench;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.regex.Pattern;

/**
 * Where the stream threads' time went during a pass, from Kafka's own client and Streams metrics:
 * blocked on Kafka in all (KIP-761), and of that flushing the producer, sending offsets to the
 * transaction and committing it; the rest of the pass is processing (and waiting for input, which the
 * blocked time includes). Milliseconds summed over stream threads; {@code commits} is their commit count;
 * {@code cpuMs} is the CPU time the stream threads were given (the JVM's own count, which other processes
 * on the machine do not inflate as they do the pass's wall-clock time).
 */
public record StreamThreadTime(
        long passMs, long blockedMs, long flushMs, long sendOffsetsMs, long commitTxnMs, long commits, long cpuMs) {

    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");

    /** The counters now, as a pass of length zero. */
    static StreamThreadTime snapshot(MeterRegistry registry) {
        return new StreamThreadTime(
                0,
                nanosToMillis(total(registry, "kafka.stream.thread.blocked.time.ns.total")),
                nanosToMillis(total(registry, "kafka.producer.flush.time.ns.total")),
                nanosToMillis(total(registry, "kafka.producer.txn.send.offsets.time.ns.total")),
                nanosToMillis(total(registry, "kafka.producer.txn.commit.time.ns.total")),
                (long) total(registry, "kafka.stream.thread.commit.total"),
                nanosToMillis(streamThreadsCpuNanos()));
    }

    /** What happened between {@code before} and this snapshot, during a pass of {@code passMs}. */
    StreamThreadTime since(StreamThreadTime before, long passMs) {
        return new StreamThreadTime(
                passMs,
                blockedMs - before.blockedMs,
                flushMs - before.flushMs,
                sendOffsetsMs - before.sendOffsetsMs,
                commitTxnMs - before.commitTxnMs,
                commits - before.commits,
                cpuMs - before.cpuMs);
    }

    /** CPU time of this JVM's stream threads (named {@code <client id>-StreamThread-<n>}), in nanoseconds. */
    private static double streamThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && STREAM_THREAD.matcher(info.getThreadName()).matches()) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
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
