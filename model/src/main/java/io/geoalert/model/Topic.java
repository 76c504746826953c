package io.geoalert.model;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A topic of the wire contract: its name and how its keys and values are written. Keys are
 * story or rule ids as text. News, dead letters, rules and seen-marks travel as raw bytes,
 * because their readers validate them and set aside what does not parse; alerts are written
 * by geoalert itself and so have a typed serde.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    /** Alerts as JSON, in the project's one JSON configuration. */
    public static final Serde<Alert> ALERT_SERDE = Serdes.serdeFrom(
            (topic, alert) -> alert == null ? null : Json.toBytes(alert),
            (topic, bytes) -> bytes == null ? null : Json.read(bytes, Alert.class));

    /** Trend alerts as JSON, in the project's one JSON configuration. */
    public static final Serde<TrendAlert> TREND_SERDE = Serdes.serdeFrom(
            (topic, trend) -> trend == null ? null : Json.toBytes(trend),
            (topic, bytes) -> bytes == null ? null : Json.read(bytes, TrendAlert.class));

    public static final Topic<String, byte[]> NEWS_RAW = bytes(Topics.NEWS_RAW);
    public static final Topic<String, byte[]> NEWS_DLQ = bytes(Topics.NEWS_DLQ);
    public static final Topic<String, Alert> ALERTS = alerts(Topics.ALERTS);
    /** Spikes of a category or entity, keyed {@code category:<name>} or {@code entity:<name>}. */
    public static final Topic<String, TrendAlert> ALERTS_TRENDS =
            new Topic<>(Topics.ALERTS_TRENDS, Serdes.String(), TREND_SERDE);

    public static final Topic<String, byte[]> ALERTS_DLQ = bytes(Topics.ALERTS_DLQ);
    public static final Topic<String, byte[]> RULES = bytes(Topics.RULES);
    public static final Topic<String, byte[]> SUBSCRIPTIONS = bytes(Topics.SUBSCRIPTIONS);
    public static final Topic<String, byte[]> FEEDS_SEEN = bytes(Topics.FEEDS_SEEN);

    public Topic {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be empty");
        }
        if (keySerde == null || valueSerde == null) {
            throw new IllegalArgumentException("topic " + name + " needs a key serde and a value serde");
        }
    }

    /** The alert topic of one category: {@code alerts.<category>}. */
    public static Topic<String, Alert> alertsFor(String category) {
        return alerts(Topics.alertsFor(category));
    }

    private static Topic<String, byte[]> bytes(String name) {
        return new Topic<>(name, Serdes.String(), Serdes.ByteArray());
    }

    private static Topic<String, Alert> alerts(String name) {
        return new Topic<>(name, Serdes.String(), ALERT_SERDE);
    }
}
