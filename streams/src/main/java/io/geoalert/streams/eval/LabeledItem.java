package io.geoalert.streams.eval;

import io.geoalert.model.NewsItem;
import java.util.Set;

/** A news item with the categories an analyst says it belongs to (by the labeling guide). */
public record LabeledItem(NewsItem item, Set<String> expected) {
    public LabeledItem {
        expected = Set.copyOf(expected);
    }
}
