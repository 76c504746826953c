package io.geoalert.streams.topology;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import java.util.List;

/** An item and the alerts its rules raised, from matching to fingerprinting (never leaves the task). */
record MatchedItem(NewsItem item, List<Alert> alerts) {

    MatchedItem {
        alerts = List.copyOf(alerts);
    }
}
