package io.geoalert.consumer.dispatch;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Topics;
import io.geoalert.ops.Backoff;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of subscription delivery. Each subscription reads {@code topic} in its own consumer group
 * {@code <groupPrefix>.<subscriptionId>}. A failing send is retried after {@code retry} (exponential,
 * with jitter), or after the destination's {@code Retry-After} up to {@code maxRetryAfter}; after
 * {@code giveUpAfter} its alerts go to {@code deadLetterTopic}. A destination's circuit opens after
 * {@code breakerThreshold} failures in a row and is probed again after {@code breakerCoolDown}.
 * Reading pauses while {@code maxHeld} alerts wait. A new subscription starts with the alerts that
 * arrive after it, or with everything retained when {@code fromEarliest}. {@code overrides} go to the
 * Kafka consumer as they are.
 */
public record DispatchSettings(
        KafkaClients kafka,
        String groupPrefix,
        String topic,
        String deadLetterTopic,
        String deliveriesTopic,
        Backoff retry,
        Duration maxRetryAfter,
        Duration giveUpAfter,
        int breakerThreshold,
        Duration breakerCoolDown,
        int recentDeliveries,
        int rememberedDeliveries,
        int maxHeld,
        boolean fromEarliest,
        Map<String, String> overrides) {

    public static final String DEFAULT_GROUP_PREFIX = "geoalert-dispatch";

    public DispatchSettings {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
        }
        requireText(groupPrefix, "dispatch.group-prefix");
        requireText(topic, "dispatch.topic");
        requireText(deadLetterTopic, "dispatch.dead-letter-topic");
        requireText(deliveriesTopic, "dispatch.deliveries-topic");
        if (retry == null) {
            throw new IllegalArgumentException("dispatch.retry must be set");
        }
        requirePositive(maxRetryAfter, "dispatch.max-retry-after");
        requirePositive(giveUpAfter, "dispatch.give-up-after");
        requirePositive(breakerCoolDown, "dispatch.breaker-cool-down");
        if (breakerThreshold < 1) {
            throw new IllegalArgumentException(
                    "dispatch.breaker-threshold must be at least 1, was " + breakerThreshold);
        }
        if (recentDeliveries < 1 || recentDeliveries > 10_000) {
            throw new IllegalArgumentException(
                    "dispatch.recent-deliveries must be between 1 and 10000, was " + recentDeliveries);
        }
        if (rememberedDeliveries < 1) {
            throw new IllegalArgumentException(
                    "dispatch.remembered-deliveries must be at least 1, was " + rememberedDeliveries);
        }
        if (maxHeld < 1) {
            throw new IllegalArgumentException("dispatch.max-held must be at least 1, was " + maxHeld);
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /**
     * Reads {@code alerts}; retries from 1 s doubling to 1 min, honours {@code Retry-After} up to
     * 5 min, gives up after 15 min; circuit open after 5 failures for 30 s; 200 recent deliveries,
     * 100,000 delivered alert ids remembered and 10,000 alerts held per subscription.
     */
    public static DispatchSettings defaults(KafkaClients kafka) {
        return new DispatchSettings(
                kafka,
                DEFAULT_GROUP_PREFIX,
                Topics.ALERTS,
                Topics.ALERTS_DLQ,
                Topics.DELIVERIES,
                new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)),
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                5,
                Duration.ofSeconds(30),
                200,
                100_000,
                10_000,
                false,
                Map.of());
    }

    /** The consumer group of one subscription. */
    public String groupOf(String subscriptionId) {
        return groupPrefix + "." + subscriptionId;
    }

    public DispatchSettings withGroupPrefix(String value) {
        return new DispatchSettings(
                kafka,
                value,
                topic,
                deadLetterTopic,
                deliveriesTopic,
                retry,
                maxRetryAfter,
                giveUpAfter,
                breakerThreshold,
                breakerCoolDown,
                recentDeliveries,
                rememberedDeliveries,
                maxHeld,
                fromEarliest,
                overrides);
    }

    /** Reads {@code alertTopic} instead, e.g. one category's topic. */
    public DispatchSettings withTopic(String alertTopic) {
        return new DispatchSettings(
                kafka,
                groupPrefix,
                alertTopic,
                deadLetterTopic,
                deliveriesTopic,
                retry,
                maxRetryAfter,
                giveUpAfter,
                breakerThreshold,
                breakerCoolDown,
                recentDeliveries,
                rememberedDeliveries,
                maxHeld,
                fromEarliest,
                overrides);
    }

    public DispatchSettings withRetry(Backoff value, Duration maxRetryAfterValue, Duration giveUpAfterValue) {
        return new DispatchSettings(
                kafka,
                groupPrefix,
                topic,
                deadLetterTopic,
                deliveriesTopic,
                value,
                maxRetryAfterValue,
                giveUpAfterValue,
                breakerThreshold,
                breakerCoolDown,
                recentDeliveries,
                rememberedDeliveries,
                maxHeld,
                fromEarliest,
                overrides);
    }

    public DispatchSettings withBreaker(int threshold, Duration coolDown) {
        return new DispatchSettings(
                kafka,
                groupPrefix,
                topic,
                deadLetterTopic,
                deliveriesTopic,
                retry,
                maxRetryAfter,
                giveUpAfter,
                threshold,
                coolDown,
                recentDeliveries,
                rememberedDeliveries,
                maxHeld,
                fromEarliest,
                overrides);
    }

    public DispatchSettings withMaxHeld(int value) {
        return new DispatchSettings(
                kafka,
                groupPrefix,
                topic,
                deadLetterTopic,
                deliveriesTopic,
                retry,
                maxRetryAfter,
                giveUpAfter,
                breakerThreshold,
                breakerCoolDown,
                recentDeliveries,
                rememberedDeliveries,
                value,
                fromEarliest,
                overrides);
    }

    public DispatchSettings withFromEarliest(boolean value) {
        return new DispatchSettings(
                kafka,
                groupPrefix,
                topic,
                deadLetterTopic,
                deliveriesTopic,
                retry,
                maxRetryAfter,
                giveUpAfter,
                breakerThreshold,
                breakerCoolDown,
                recentDeliveries,
                rememberedDeliveries,
                maxHeld,
                value,
                overrides);
    }

    public DispatchSettings withOverrides(Map<String, String> value) {
        return new DispatchSettings(
                kafka,
                groupPrefix,
                topic,
                deadLetterTopic,
                deliveriesTopic,
                retry,
                maxRetryAfter,
                giveUpAfter,
                breakerThreshold,
                breakerCoolDown,
                recentDeliveries,
                rememberedDeliveries,
                maxHeld,
                fromEarliest,
                value);
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
    }

    private static void requirePositive(Duration value, String key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + value);
        }
    }
}
