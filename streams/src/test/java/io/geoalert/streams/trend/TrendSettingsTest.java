package io.geoalert.streams.trend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.geoalert.streams.service.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrendSettingsTest {

    private static String refused(Runnable settings) {
        return assertThrows(IllegalArgumentException.class, settings::run).getMessage();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertEquals(new TrendSettings(4.0, 5, Duration.ofHours(3), Duration.ofHours(6)), TrendSettings.DEFAULTS);
    }

    @Test
    void badSettingsAreRefusedNamingTheirKey() {
        Duration hours = Duration.ofHours(3);
        assertEquals(
                "streams.trend-z-score must be between 1 and 100, was 0.5",
                refused(() -> new TrendSettings(0.5, 5, hours, hours)));
        assertEquals(
                "streams.trend-z-score must be between 1 and 100, was NaN",
                refused(() -> new TrendSettings(Double.NaN, 5, hours, hours)));
        assertEquals(
                "streams.trend-min-count must be at least 1, was 0",
                refused(() -> new TrendSettings(4, 0, hours, hours)));
        assertEquals(
                "streams.trend-half-life must be a span from 5m to 30d such as 3h, was PT1M",
                refused(() -> new TrendSettings(4, 5, Duration.ofMinutes(1), hours)));
        assertEquals(
                "streams.trend-half-life must be a span from 5m to 30d such as 3h, was null",
                refused(() -> new TrendSettings(4, 5, null, hours)));
        assertEquals(
                "streams.trend-warmup must be a span from 0 to 7d such as 6h, was PT-1H",
                refused(() -> new TrendSettings(4, 5, hours, Duration.ofHours(-1))));
    }

    @Test
    void streamsSettingsCarryTheDefaultTrendSettingsUnlessGivenOthers() {
        StreamsSettings settings =
                new StreamsSettings("b:9092", "app", Path.of("state"), 1, 3, Optional.empty(), Map.of());
        assertEquals(TrendSettings.DEFAULTS, settings.trends());
        TrendSettings other = new TrendSettings(3, 10, Duration.ofHours(12), Duration.ZERO);
        assertEquals(other, settings.withTrends(other).trends());
        assertEquals(settings.storyWindow(), settings.withTrends(other).storyWindow());
    }
}
