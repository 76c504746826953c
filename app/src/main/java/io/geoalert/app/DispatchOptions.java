package io.geoalert.app;

import io.geoalert.app.config.ConfigSection;
import io.geoalert.consumer.dispatch.DispatchSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.TimeSpans;
import io.geoalert.ops.Backoff;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of delivery to subscriptions (the consumer's {@code dispatch.*} keys): retries, give-up
 * time, circuit breaker and what is kept per subscription. A value that cannot work is refused
 * naming its key, e.g. {@code dispatch.give-up-after must be a positive duration}.
 */
@ConfigSection("dispatch")
final class DispatchOptions {

    @Option(
            names = "--dispatch-group-prefix",
            paramLabel = "PREFIX",
            defaultValue = DispatchSettings.DEFAULT_GROUP_PREFIX,
            description = "Each subscription is delivered by the consumer group PREFIX.<subscription id>"
                    + " (default: ${DEFAULT-VALUE}).")
    String groupPrefix;

    @Option(
            names = "--dispatch-retry",
            paramLabel = "SPAN",
            defaultValue = "1s",
            description = "First wait before a failed send is tried again; it doubles, with jitter"
                    + " (default: ${DEFAULT-VALUE}).")
    String retry;

    @Option(
            names = "--dispatch-max-retry",
            paramLabel = "SPAN",
            defaultValue = "1m",
            description = "Longest wait between tries of a failed send (default: ${DEFAULT-VALUE}).")
    String maxRetry;

    @Option(
            names = "--dispatch-max-retry-after",
            paramLabel = "SPAN",
            defaultValue = "5m",
            description = "Longest Retry-After of a destination that is honoured (default: ${DEFAULT-VALUE}).")
    String maxRetryAfter;

    @Option(
            names = "--dispatch-give-up-after",
            paramLabel = "SPAN",
            defaultValue = "15m",
            description = "An alert not delivered within this goes to alerts.dlq (default: ${DEFAULT-VALUE}).")
    String giveUpAfter;

    @Option(
            names = "--dispatch-breaker-threshold",
            paramLabel = "N",
            defaultValue = "5",
            description = "Failures in a row that open a destination's circuit (default: ${DEFAULT-VALUE}).")
    int breakerThreshold;

    @Option(
            names = "--dispatch-breaker-cool-down",
            paramLabel = "SPAN",
            defaultValue = "30s",
            description = "How long an open circuit waits before it tries the destination again"
                    + " (default: ${DEFAULT-VALUE}).")
    String breakerCoolDown;

    @Option(
            names = "--dispatch-recent-deliveries",
            paramLabel = "N",
            defaultValue = "200",
            description = "Deliveries kept per subscription for GET /v1/subscriptions/{id}/deliveries"
                    + " (default: ${DEFAULT-VALUE}).")
    int recentDeliveries;

    @Option(
            names = "--dispatch-remembered-deliveries",
            paramLabel = "N",
            defaultValue = "100000",
            description = "Delivered alert ids remembered per subscription, so a restart sends none twice"
                    + " (default: ${DEFAULT-VALUE}).")
    int rememberedDeliveries;

    @Option(
            names = "--dispatch-max-held",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Alerts held per subscription (quiet hours, digests, retries) before reading pauses"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxHeld;

    /** The delivery settings these options say, for {@code kafka}; {@code overrides} go to each Kafka consumer. */
    DispatchSettings settings(KafkaClients kafka, Map<String, String> overrides) {
        Duration first = positive(retry, "dispatch.retry");
        Duration longest = positive(maxRetry, "dispatch.max-retry");
        if (longest.compareTo(first) < 0) {
            throw new IllegalArgumentException(
                    "dispatch.max-retry (" + maxRetry + ") must not be below dispatch.retry (" + retry + ")");
        }
        DispatchSettings defaults = DispatchSettings.defaults(kafka);
        return new DispatchSettings(
                kafka,
                groupPrefix,
                defaults.topic(),
                defaults.deadLetterTopic(),
                defaults.deliveriesTopic(),
                new Backoff(first, longest),
                span(maxRetryAfter, "dispatch.max-retry-after"),
                span(giveUpAfter, "dispatch.give-up-after"),
                breakerThreshold,
                span(breakerCoolDown, "dispatch.breaker-cool-down"),
                recentDeliveries,
                rememberedDeliveries,
                maxHeld,
                false,
                overrides);
    }

    private static Duration span(String text, String key) {
        try {
            return TimeSpans.duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    /** A span that must be more than zero: the backoff cannot start from nothing. */
    private static Duration positive(String text, String key) {
        Duration span = span(text, key);
        if (span.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + text);
        }
        return span;
    }
}
