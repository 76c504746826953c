package io.geoalert.streams.trend;

import io.geoalert.model.TrendAlert;

/**
 * A story mentioning a category or entity, counted once: on its way, keyed by {@link MentionKey}, to
 * the stage that counts that key; at the record time of the item that raised its first alert.
 */
public record Mention(String storyId, String alertId, String title, double score) {

    public TrendAlert.Story story() {
        return new TrendAlert.Story(storyId, alertId, title, score);
    }
}
