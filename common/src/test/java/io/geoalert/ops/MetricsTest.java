package io.geoalert.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

    @Test
    void describeMissingGivesHelpTextOnlyToNamedMetersThatHaveNone() {
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        registry.config()
                .meterFilter(Metrics.describeMissing(Map.of("geoalert.a", "What a counts", "geoalert.b", "x")));
        registry.counter("geoalert.a", "k", "v").increment();
        Counter.builder("geoalert.b").description("Its own").register(registry);
        registry.counter("geoalert.c").increment();
        String text = new String(Metrics.scrape(registry).body(), StandardCharsets.UTF_8);
        assertTrue(text.contains("# HELP geoalert_a_total What a counts\n"), text);
        assertTrue(text.contains("geoalert_a_total{application=\"geoalert\",k=\"v\"} 1.0"), "tags kept");
        assertTrue(text.contains("# HELP geoalert_b_total Its own\n"), "a description in code wins");
        assertFalse(text.contains("# HELP geoalert_c_total What"), "unnamed meters untouched");
    }
}
