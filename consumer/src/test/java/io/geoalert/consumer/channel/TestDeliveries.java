package io.geoalert.consumer.channel;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import java.util.List;

/** Deliveries as the engine builds them: each alert with its JSON as the topic holds it. */
final class TestDeliveries {

    private TestDeliveries() {}

    static Delivery instant(Alert alert) {
        return new Delivery("dlv-1", "sub-1", List.of(alert), List.of(Json.toBytes(alert)), false, false, 1);
    }

    static Delivery test(Alert alert) {
        return new Delivery("dlv-test", "sub-1", List.of(alert), List.of(Json.toBytes(alert)), false, true, 1);
    }

    static Delivery digest(List<Alert> alerts) {
        return new Delivery(
                "dlv-digest",
                "sub-1",
                alerts,
                alerts.stream().map(Json::toBytes).toList(),
                true,
                false,
                1);
    }
}
