package io.geoalert.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.http.ApiException;
import io.geoalert.http.HttpRequest;
import io.geoalert.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

    private static HttpRequest get(Map<String, String> query) {
        return new HttpRequest("GET", "/v1/alerts", query, Map.of(), Map.of(), new byte[0]);
    }

    private static ApiException refused(Map<String, String> query) {
        return assertThrows(ApiException.class, () -> AlertQuery.parse(get(query), NOW));
    }

    @Test
    void readsEveryFilterAndDefaultsTheLimit() {
        AlertKey after = new AlertKey(NOW.toEpochMilli(), "a1");
        AlertQuery query = AlertQuery.parse(
                get(Map.of(
                        "category", "sanctions",
                        "severity", "High",
                        "entity", "Iran",
                        "rule", "oil-sanctions",
                        "since", "24h",
                        "text", "Oil",
                        "cursor", after.cursor())),
                NOW);
        assertEquals(
                new AlertQuery(
                        "sanctions",
                        Severity.HIGH,
                        "Iran",
                        "oil-sanctions",
                        NOW.minus(Duration.ofHours(24)),
                        "oil",
                        AlertQuery.DEFAULT_LIMIT,
                        after),
                query);
        assertEquals(
                Instant.parse("2026-11-29T10:00:00Z"),
                AlertQuery.parse(get(Map.of("since", "2026-11-29T10:00:00Z")), NOW)
                        .since());
        assertNull(AlertQuery.parse(get(Map.of()), NOW).after());
    }

    @Test
    void aBadParameterIsRefusedWith400NamingIt() {
        for (Map.Entry<String, String> bad : List.of(
                Map.entry("severity", "urgent"),
                Map.entry("since", "yesterday"),
                Map.entry("limit", "0"),
                Map.entry("limit", "501"),
                Map.entry("limit", "ten"),
                Map.entry("cursor", "not a cursor!"),
                Map.entry("cursor", "AAAA"),
                Map.entry("categroy", "sanctions"))) {
            ApiException e = refused(Map.of(bad.getKey(), bad.getValue()));
            assertEquals(400, e.status(), bad.toString());
            assertEquals(bad.getKey(), e.field(), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
        assertEquals(500, AlertQuery.parse(get(Map.of("limit", "500")), NOW).limit());
    }

    @Test
    void aCursorNamesThePositionItWasMadeFrom() {
        AlertKey key = new AlertKey(1_764_000_000_123L, "alert-ü-1");
        assertEquals(key, AlertKey.fromCursor(key.cursor()));
        assertTrue(key.cursor().matches("[A-Za-z0-9_-]+"), "safe in a URL as it is: " + key.cursor());
    }

    @Test
    void keysSortNewestFirstThenByIdAsTheirBytesDo() {
        List<AlertKey> keys = List.of(
                new AlertKey(3_000, "b"), new AlertKey(3_000, "c"), new AlertKey(2_000, "a"), new AlertKey(1, "a"));
        for (int i = 1; i < keys.size(); i++) {
            AlertKey newer = keys.get(i - 1);
            AlertKey older = keys.get(i);
            assertTrue(newer.compareTo(older) < 0, newer + " before " + older);
            assertTrue(
                    java.util.Arrays.compareUnsigned(newer.toBytes(), older.toBytes()) < 0,
                    "bytes agree: " + newer + " before " + older);
        }
    }
}
