package io.geoalert.streams.query;

import io.geoalert.model.Alert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page of alerts, newest first, each with its position in the view, and whether more follow the
 * last. Pages from several partitions or instances {@link #merge} into one.
 */
public record AlertsPage(List<Entry> alerts, boolean more) {

    /** An alert and its position in the alerts view. */
    public record Entry(AlertKey key, Alert alert) {}

    public AlertsPage {
        alerts = List.copyOf(alerts);
    }

    /** The cursor of the next page, or null when this is the last. */
    public String next() {
        return more && !alerts.isEmpty() ? alerts.get(alerts.size() - 1).key().cursor() : null;
    }

    /**
     * The first {@code limit} alerts of all the pages, in order. More follow when the pages hold more than
     * {@code limit} together, or when any of them had more of its own.
     */
    public static AlertsPage merge(List<AlertsPage> pages, int limit) {
        List<Entry> all = new ArrayList<>();
        boolean more = false;
        for (AlertsPage page : pages) {
            all.addAll(page.alerts());
            more |= page.more();
        }
        all.sort(Comparator.comparing(Entry::key));
        more |= all.size() > limit;
        return new AlertsPage(all.subList(0, Math.min(limit, all.size())), more);
    }
}
