package io.geoalert.consumer.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** The delivery service's meters; tags are sink names, categories and fixed words, never record text. */
final class DeliveryMetrics {

    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void delivered(String sink, String category) {
        Counter.builder("geoalert.alerts.delivered")
                .tag("sink", sink)
                .tag("category", category == null ? "none" : category)
                .description("Alerts handed to a sink")
                .register(registry)
                .increment();
    }

    /**
     * Shows each sink's failure counters at 0 from the start, so that a dashboard or alert rule sees
     * the series (and {@code rate()} counts the first failure) before anything failed.
     */
    void sinks(List<String> sinks) {
        for (String sink : sinks) {
            deliveryFailures(sink);
            flushFailures(sink);
        }
    }

    void deliveryFailed(String sink) {
        deliveryFailures(sink).increment();
    }

    void flushFailed(String sink) {
        flushFailures(sink).increment();
    }

    private Counter deliveryFailures(String sink) {
        return Counter.builder("geoalert.alerts.delivery.failures")
                .tag("sink", sink)
                .description("Attempts to hand an alert to a sink that failed")
                .register(registry);
    }

    private Counter flushFailures(String sink) {
        return Counter.builder("geoalert.delivery.flush.failures")
                .tag("sink", sink)
                .description("Sink flushes that failed; nothing is committed and the batch is delivered again")
                .register(registry);
    }

    void deadLettered(String stage) {
        Counter.builder("geoalert.dlq.records")
                .tag("stage", stage)
                .description(
                        "Records set aside to a dead-letter topic (news.dlq, alerts.dlq), by the stage that gave up on them")
                .register(registry)
                .increment();
    }

    void deadLetterFailed() {
        Counter.builder("geoalert.delivery.dlq.failures")
                .description(
                        "Dead-letter sends Kafka did not acknowledge; the record is retried, nothing past it committed")
                .register(registry)
                .increment();
    }

    void commitFailed(String reason) {
        Counter.builder("geoalert.delivery.commit.failures")
                .tag("reason", reason)
                .description("Offset commits that failed (rebalance, fenced, timeout)")
                .register(registry)
                .increment();
    }

    void rebalance(String event) {
        Counter.builder("geoalert.delivery.rebalances")
                .tag("event", event)
                .description("Partitions assigned, revoked or lost in the delivery consumer group")
                .register(registry)
                .increment();
    }
}
