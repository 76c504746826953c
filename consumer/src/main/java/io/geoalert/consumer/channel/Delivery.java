package io.geoalert.consumer.channel;

import io.geoalert.model.Alert;
import java.util.List;

/**
 * One message to one subscriber: a single alert (instant) or several (digest), with the alerts'
 * JSON exactly as read from the alert topic. {@code deliveryId} is unique per message and stays the
 * same across retries of it; {@code attempt} counts from 1. A {@code test} delivery is marked as such
 * in every channel's rendering.
 */
public record Delivery(
        String deliveryId,
        String subscriptionId,
        List<Alert> alerts,
        List<byte[]> alertJson,
        boolean digest,
        boolean test,
        int attempt) {

    public Delivery {
        alerts = List.copyOf(alerts);
        alertJson = List.copyOf(alertJson);
        if (alerts.isEmpty() || alerts.size() != alertJson.size()) {
            throw new IllegalArgumentException("a delivery needs alerts, each with its JSON");
        }
        if (!digest && alerts.size() != 1) {
            throw new IllegalArgumentException("an instant delivery carries exactly one alert");
        }
    }

    public Delivery nextAttempt() {
        return new Delivery(deliveryId, subscriptionId, alerts, alertJson, digest, test, attempt + 1);
    }
}
