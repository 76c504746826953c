package io.geoalert.streams.topology;

import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops an item that raised alerts when its id already raised alerts within the retention window (7
 * days by default), so an at-least-once edge — a feed re-polled after a crash, an HTTP client retrying
 * after a timeout, a restart replaying sample files — cannot raise an alert twice. It runs after
 * matching, on the quarter or so of items that raised alerts: a repeat of an item that raised nothing
 * raises nothing again, and one that now raises an alert because the rules changed raises it, as the
 * rules say. The ids live in a windowed state store (changelogged, so the memory survives restarts and
 * moves with the partition); entries older than the window are dropped by the store itself, keeping it
 * bounded. The rules' hits and the ingest-to-alert timer are counted here, for items that get past it.
 *
 * <p>Repeats meet here because they share a partition: the project's producers put an item on its
 * page's partition ({@code NewsPartitions}), so a repeat with the same URL lands where the first did. A
 * repeat whose URL changed may land on another partition and pass; its story stage then finds the first
 * copy (same source, same text) and raises nothing, unless a rule fires that had not fired on the story.
 */
final class DropRepeats implements Processor<String, MatchedItem, String, MatchedItem> {

    static final String STORE = "seen-item-ids";

    private final Duration window;
    private final Counter dropped;
    private final AlertMetrics metrics;
    private ProcessorContext<String, MatchedItem> context;
    private WindowStore<String, Long> seen;

    DropRepeats(Duration window, Counter dropped, AlertMetrics metrics) {
        this.window = window;
        this.dropped = dropped;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, MatchedItem> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, MatchedItem> record) {
        String id = record.value().item().id();
        long at = record.timestamp();
        if (seenWithinWindow(id, at)) {
            dropped.increment();
            return;
        }
        seen.put(id, at, at);
        metrics.record(record.value());
        context.forward(record);
    }

    private boolean seenWithinWindow(String id, long at) {
        long from = Math.max(0, at - window.toMillis());
        long to = at > Long.MAX_VALUE - window.toMillis() ? Long.MAX_VALUE : at + window.toMillis();
        try (WindowStoreIterator<Long> earlier = seen.fetch(id, from, to)) {
            return earlier.hasNext();
        }
    }
}
