package io.geoalert.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void exportsDotCaseMetersWithTagsInPrometheusFormat() {
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        registry.counter("geoalert.alerts.emitted", "category", "sanctions").increment(3);
        String text = new String(Metrics.scrape(registry).body(), StandardCharsets.UTF_8);
        assertTrue(
                text.contains("geoalert_alerts_emitted_total{application=\"geoalert\",category=\"sanctions\"} 3.0"),
                text);
        assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters are bound");
    }
}
