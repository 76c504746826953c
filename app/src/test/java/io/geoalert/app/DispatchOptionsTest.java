package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.dispatch.DispatchSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Topics;
import io.geoalert.ops.Backoff;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class DispatchOptionsTest {

    private static final KafkaClients KAFKA = KafkaClients.of("b:9092");

    @Command(name = "holder")
    private static final class Holder {
        @Mixin
        DispatchOptions dispatch;
    }

    private static DispatchSettings parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.dispatch.settings(KAFKA, Map.of("session.timeout.ms", "10000"));
    }

    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void withoutOptionsTheDeliverySettingsAreTheEnginesDefaults() {
        DispatchSettings defaults =
                DispatchSettings.defaults(KAFKA).withOverrides(Map.of("session.timeout.ms", "10000"));
        assertEquals(defaults, parse());
    }

    @Test
    void eachOptionReachesItsSetting() {
        DispatchSettings settings = parse(
                "--dispatch-group-prefix",
                "desk-delivery",
                "--dispatch-retry",
                "2s",
                "--dispatch-max-retry",
                "5m",
                "--dispatch-max-retry-after",
                "10m",
                "--dispatch-give-up-after",
                "2h",
                "--dispatch-breaker-threshold",
                "3",
                "--dispatch-breaker-cool-down",
                "1m",
                "--dispatch-recent-deliveries",
                "50",
                "--dispatch-remembered-deliveries",
                "5000",
                "--dispatch-max-held",
                "300");
        assertEquals("desk-delivery.snapback", settings.groupOf("snapback"));
        assertEquals(new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5)), settings.retry());
        assertEquals(Duration.ofMinutes(10), settings.maxRetryAfter());
        assertEquals(Duration.ofHours(2), settings.giveUpAfter());
        assertEquals(3, settings.breakerThreshold());
        assertEquals(Duration.ofMinutes(1), settings.breakerCoolDown());
        assertEquals(50, settings.recentDeliveries());
        assertEquals(5000, settings.rememberedDeliveries());
        assertEquals(300, settings.maxHeld());
        assertEquals(Topics.ALERTS, settings.topic());
        assertEquals(Map.of("session.timeout.ms", "10000"), settings.overrides());
    }

    @Test
    void aValueThatCannotWorkIsRefusedNamingItsKey() {
        assertEquals(
                "dispatch.give-up-after must be a positive duration, was PT0S",
                refusal("--dispatch-give-up-after", "0s"));
        assertEquals(
                "dispatch.breaker-cool-down: expected a span like 30s, 5m, 2h or 7d; was '30'",
                refusal("--dispatch-breaker-cool-down", "30"));
        assertEquals("dispatch.retry must be a positive duration, was 0s", refusal("--dispatch-retry", "0s"));
        assertEquals(
                "dispatch.max-retry (1m) must not be below dispatch.retry (2m)",
                refusal("--dispatch-retry", "2m", "--dispatch-max-retry", "1m"));
        assertTrue(refusal("--dispatch-breaker-threshold", "0")
                .startsWith("dispatch.breaker-threshold must be at least 1"));
        assertTrue(refusal("--dispatch-recent-deliveries", "0").startsWith("dispatch.recent-deliveries must be"));
        assertTrue(refusal("--dispatch-max-held", "0").startsWith("dispatch.max-held must be at least 1"));
        assertTrue(refusal("--dispatch-group-prefix", " ").startsWith("dispatch.group-prefix must not be empty"));
    }
}
