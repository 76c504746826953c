package io.geoalert.consumer.delivery;

import io.geoalert.model.Alert;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink that counts an alert as delivered only once a flush succeeded, as a durable store would;
 * it can be told to refuse flushes, to refuse alerts for a while, or to refuse some alerts for good.
 * Several sinks may share one tally, as members of one consumer group do.
 */
final class RecordingSink implements AlertSink {

    final Map<String, AtomicInteger> tally;
    private final List<Alert> held = new ArrayList<>();
    volatile boolean refuseFlush;
    volatile boolean refuseAll;
    final AtomicInteger flushFailures = new AtomicInteger();
    final AtomicInteger deliveryFailures = new AtomicInteger();
    final AtomicInteger flushed = new AtomicInteger();

    RecordingSink(Map<String, AtomicInteger> tally) {
        this.tally = tally;
    }

    RecordingSink() {
        this(new ConcurrentHashMap<>());
    }

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public synchronized void deliver(Alert alert) throws IOException {
        if (refuseAll || alert.title().startsWith("REFUSE")) {
            deliveryFailures.incrementAndGet();
            throw new IOException("endpoint answered 503");
        }
        held.add(alert);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (refuseFlush) {
            held.clear();
            flushFailures.incrementAndGet();
            throw new IOException("disk full");
        }
        for (Alert alert : held) {
            tally.computeIfAbsent(alert.alertId(), id -> new AtomicInteger()).incrementAndGet();
            flushed.incrementAndGet();
        }
        held.clear();
    }

    int seen() {
        return tally.size();
    }

    int doubled() {
        return tally.values().stream().mapToInt(c -> c.get() - 1).sum();
    }
}
