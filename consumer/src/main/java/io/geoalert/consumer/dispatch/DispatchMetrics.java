package io.geoalert.consumer.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The meters of subscription delivery. {@code geoalert.deliveries{channel,outcome}} counts alerts
 * ({@code sent}, {@code refused}, {@code dead_lettered}, {@code held_quiet}, {@code held_rate},
 * {@code digested}) and failed attempts ({@code retried}); tags are channel types and fixed words,
 * never subscription ids or record text.
 */
final class DispatchMetrics {

    static final String SENT = "sent";
    static final String RETRIED = "retried";
    static final String REFUSED = "refused";
    static final String DEAD_LETTERED = "dead_lettered";
    static final String HELD_QUIET = "held_quiet";
    static final String HELD_RATE = "held_rate";
    static final String DIGESTED = "digested";

    private final MeterRegistry registry;

    DispatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    void count(String channel, String outcome, int n) {
        if (n <= 0) {
            return;
        }
        Counter.builder("geoalert.deliveries")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .description("Alerts sent, refused, set aside, held back or digested, and attempts retried, by channel")
                .register(registry)
                .increment(n);
    }

    /** From the alert's detection (or the first attempt, when it has no time) to the destination taking it. */
    void latency(String channel, Duration latency) {
        Timer.builder("geoalert.delivery.latency")
                .tag("channel", channel)
                .description("From an alert's detection to its delivery, held time included")
                .register(registry)
                .record(latency.isNegative() ? Duration.ZERO : latency);
    }

    /** Alerts read and not sent because the filter declined them or they were delivered before. */
    void passedOver(String reason) {
        Counter.builder("geoalert.dispatch.passed")
                .tag("reason", reason)
                .description(
                        "Alerts read for a subscription and passed over: not wanted (filtered) or already delivered (repeat)")
                .register(registry)
                .increment();
    }

    void recordFailed() {
        Counter.builder("geoalert.dispatch.record.failures")
                .description("Delivery records Kafka did not acknowledge; nothing past them is committed until it does")
                .register(registry)
                .increment();
    }
}
