package io.geoalert.consumer;

import io.geoalert.model.Alert;
import io.geoalert.model.Severity;
import java.time.Instant;
import java.util.List;

/** Alerts as the streams service writes them, for the consumer's tests. */
public final class TestAlerts {

    private TestAlerts() {}

    public static Alert alert(String id, String category, String title, Instant detectedAt) {
        return new Alert(
                id,
                "rule-" + category,
                1,
                category,
                Severity.HIGH,
                7.0,
                null,
                "item-" + id,
                title,
                "https://x.org/" + id,
                "wire",
                null,
                detectedAt,
                List.of(new Alert.Match("sanction*", "title", 0, 9, "Sanctions")),
                List.of("Iran"),
                "«Sanctions»",
                1,
                1);
    }
}
