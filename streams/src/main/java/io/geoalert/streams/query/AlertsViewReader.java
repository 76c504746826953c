package io.geoalert.streams.query;

import io.geoalert.model.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a page from this instance's partitions of the alerts view: each partition is read newest first
 * from the cursor on and the partitions are merged as they are read, so a page costs about {@code limit}
 * reads per partition however many alerts the view holds (more when filters pass few).
 */
public final class AlertsViewReader {

    private AlertsViewReader() {}

    /** The page {@code query} asks for, from these partitions of the view. */
    public static AlertsPage read(List<? extends ReadOnlyKeyValueStore<AlertKey, Alert>> partitions, AlertQuery query) {
        List<KeyValueIterator<AlertKey, Alert>> open = new ArrayList<>();
        PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head head) -> head.next.key));
        try {
            for (ReadOnlyKeyValueStore<AlertKey, Alert> partition : partitions) {
                KeyValueIterator<AlertKey, Alert> alerts = partition.range(query.after(), null);
                open.add(alerts);
                advance(new Head(alerts), heads, query);
            }
            List<AlertsPage.Entry> page = new ArrayList<>();
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                if (query.matches(head.next.value)) {
                    if (page.size() == query.limit()) {
                        return new AlertsPage(page, true);
                    }
                    page.add(new AlertsPage.Entry(head.next.key, head.next.value));
                }
                advance(head, heads, query);
            }
            return new AlertsPage(page, false);
        } finally {
            open.forEach(KeyValueIterator::close);
        }
    }

    /** Moves a partition to its next alert after the cursor and recent enough, or drops it when it has none. */
    private static void advance(Head head, PriorityQueue<Head> heads, AlertQuery query) {
        while (head.alerts.hasNext()) {
            KeyValue<AlertKey, Alert> next = head.alerts.next();
            if (!query.recentEnough(next.key.raisedAtMillis())) {
                return; // the rest of the partition is older still
            }
            if (!next.key.equals(query.after()) && next.value != null) {
                head.next = next;
                heads.add(head);
                return;
            }
        }
    }

    private static final class Head {
        final KeyValueIterator<AlertKey, Alert> alerts;
        KeyValue<AlertKey, Alert> next;

        Head(KeyValueIterator<AlertKey, Alert> alerts) {
            this.alerts = alerts;
        }
    }
}
