package io.geoalert.streams.topology;

import io.geoalert.model.Alert;
import io.geoalert.streams.query.AlertKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest version of every alert for {@code GET /v1/alerts}, at the time its first version was
 * raised: an update replaces that version in place, so it neither moves nor shows twice in pages read
 * while alerts arrive. Alerts first raised more than the retention ago are evicted once a minute.
 *
 * <p>Two key-value stores rather than a window store: {@link AlertKey}s sort newest first, so a page is a
 * seek and a few reads, where a window store, ordered by key within each segment, would have every query
 * read and sort all alerts in its time range. The second store finds an update's place by alert id.
 */
final class KeepLatestAlerts implements Processor<String, Alert, Void, Void> {

    /** How often alerts past the retention are evicted (wall-clock time). */
    static final Duration EVICT_EVERY = Duration.ofMinutes(1);

    private final Duration retention;
    private final Clock clock;
    private KeyValueStore<AlertKey, Alert> view;
    private KeyValueStore<String, Long> raisedAt;

    KeepLatestAlerts(Duration retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.view = context.getStateStore(GeoalertTopology.ALERTS_VIEW);
        this.raisedAt = context.getStateStore(GeoalertTopology.ALERTS_VIEW_IDS);
        context.schedule(EVICT_EVERY, PunctuationType.WALL_CLOCK_TIME, timestamp -> evict());
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        Long first = raisedAt.get(alert.alertId());
        if (first == null && alert.update()) {
            return; // its alert was evicted (or raised before the view): an update must not bring it back as new
        }
        if (first == null) {
            first = alert.detectedAt() == null
                    ? record.timestamp()
                    : alert.detectedAt().toEpochMilli();
            if (first < cutoff()) {
                return; // raised before the retention: evicted at the next round anyway
            }
            raisedAt.put(alert.alertId(), first);
        }
        view.put(new AlertKey(first, alert.alertId()), alert);
    }

    private long cutoff() {
        return clock.millis() - retention.toMillis();
    }

    private void evict() {
        List<AlertKey> expired = new ArrayList<>();
        try (KeyValueIterator<AlertKey, Alert> older = view.range(AlertKey.firstBefore(cutoff()), null)) {
            while (older.hasNext()) {
                KeyValue<AlertKey, Alert> next = older.next();
                expired.add(next.key);
            }
        }
        for (AlertKey key : expired) {
            view.delete(key);
            raisedAt.delete(key.alertId());
        }
    }
}
