package io.geoalert.consumer.view;

import static io.geoalert.consumer.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.geoalert.http.ApiException;
import io.geoalert.model.Alert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentAlertsTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void answersNewestFirstFilteredByCategoryAndTimeKeepingOnlyTheNewest() {
        RecentAlerts recent = new RecentAlerts(3);
        recent.add(alert("1", "sanctions", "one", T0));
        recent.add(alert("2", "treaty", "two", T0.plusSeconds(60)));
        recent.add(alert("3", "sanctions", "three", T0.plusSeconds(120)));
        recent.add(alert("4", "sanctions", "four", T0.plusSeconds(180)));

        assertEquals(
                List.of("4", "3", "2"),
                recent.query(null, null, 10).stream().map(Alert::alertId).toList());
        assertEquals(
                List.of("4", "3"),
                recent.query("sanctions", null, 10).stream().map(Alert::alertId).toList());
        assertEquals(
                List.of("4"),
                recent.query(null, T0.plusSeconds(150), 10).stream()
                        .map(Alert::alertId)
                        .toList());
        assertEquals(
                List.of("4"),
                recent.query(null, null, 1).stream().map(Alert::alertId).toList());
    }

    @Test
    void readsSinceAsInstantOrSpan() {
        assertEquals(T0.minusSeconds(7200), RecentAlerts.parseSince("2h", T0));
        assertEquals(T0.minusSeconds(7 * 86400), RecentAlerts.parseSince("7d", T0));
        assertEquals(T0, RecentAlerts.parseSince("2026-11-29T10:00:00Z", T0));
        assertEquals(
                "since",
                assertThrows(ApiException.class, () -> RecentAlerts.parseSince("yesterday", T0))
                        .field());
    }

    @Test
    void refusesALimitOutOfRange() {
        assertEquals(
                "limit",
                assertThrows(ApiException.class, () -> RecentAlerts.parseLimit("0"))
                        .field());
        assertEquals(
                "limit",
                assertThrows(ApiException.class, () -> RecentAlerts.parseLimit("5000"))
                        .field());
        assertEquals(25, RecentAlerts.parseLimit("25"));
    }
}
