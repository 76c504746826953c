package io.geoalert.streams.topology;

import io.geoalert.model.Alert;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules' hits and the ingest-to-alert timer, counted once per item that got past the repeat filter:
 * a feed re-polled after a crash or an HTTP retry raises nothing, so it counts nothing either.
 */
final class AlertMetrics {

    /** The ingest-to-alert latency timer ({@code geoalert_alert_latency_seconds} in Prometheus). */
    static final String LATENCY = "geoalert.alert.latency";

    private final MeterRegistry registry;
    private final Timer ingestToAlert;
    // meters looked up once per task, not per record: Micrometer's look-up builds tags and hashes them
    private final Map<String, Counter> ruleHits = new HashMap<>();

    AlertMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ingestToAlert = Timer.builder(LATENCY)
                .description("From an item's ingest (its fetchedAt) to the rules matching it, once per alert")
                // a percentile histogram, so p50/p95/p99 come from histogram_quantile() and add up across
                // instances; Prometheus cannot carry client-side percentiles beside a histogram
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .serviceLevelObjectives(
                        Duration.ofMillis(50),
                        Duration.ofMillis(150),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30))
                .register(registry);
    }

    /** Counts each rule that fired on the item and the latency of each of its alerts. */
    void record(MatchedItem matched) {
        for (Alert alert : matched.alerts()) {
            // not geoalert.alerts.emitted: the story stage decides whether a hit is a new alert, an update or nothing
            ruleHits.computeIfAbsent(
                            alert.ruleId() + '|' + alert.category(), // a reloaded rule may change its category
                            key -> Counter.builder("geoalert.rule.hits")
                                    .tag("rule", alert.ruleId())
                                    .tag("category", alert.category())
                                    .description("Rules that fired on an item (repeats of an item left out), by rule"
                                            + " and category, before the story stage turns each into a new alert, an"
                                            + " update of its story's alert, or nothing")
                                    .register(registry))
                    .increment();
            if (matched.item().fetchedAt() != null && alert.detectedAt() != null) {
                Duration latency = Duration.between(matched.item().fetchedAt(), alert.detectedAt());
                ingestToAlert.record(latency.isNegative() ? Duration.ZERO : latency); // clocks of two hosts
            }
        }
    }
}
