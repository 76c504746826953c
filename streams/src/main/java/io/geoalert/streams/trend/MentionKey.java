package io.geoalert.streams.trend;

import io.geoalert.model.TrendAlert;

/**
 * What mentions are counted under: {@code category:<category>} or {@code entity:<entity>}, the key of
 * the count stores and of {@code alerts.trends}.
 */
public final class MentionKey {

    private MentionKey() {}

    public static String category(String category) {
        return TrendAlert.CATEGORY + ":" + category;
    }

    public static String entity(String entity) {
        return TrendAlert.ENTITY + ":" + entity;
    }

    /** {@code category} or {@code entity}. */
    public static String kind(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    /** The category or entity itself. */
    public static String name(String key) {
        return key.substring(key.indexOf(':') + 1);
    }
}
