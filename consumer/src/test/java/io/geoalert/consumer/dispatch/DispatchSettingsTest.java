package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatchSettingsTest {

    private static final DispatchSettings DEFAULTS = DispatchSettings.defaults(KafkaClients.of("127.0.0.1:9092"));

    @Test
    void defaultsReadAlertsInAGroupPerSubscriptionAndGiveUpAfterFifteenMinutes() {
        assertEquals(Topics.ALERTS, DEFAULTS.topic());
        assertEquals(Topics.DELIVERIES, DEFAULTS.deliveriesTopic());
        assertEquals(Topics.ALERTS_DLQ, DEFAULTS.deadLetterTopic());
        assertEquals("geoalert-dispatch.ops-team", DEFAULTS.groupOf("ops-team"));
        assertEquals(Duration.ofMinutes(15), DEFAULTS.giveUpAfter());
        assertEquals(Duration.ofMinutes(5), DEFAULTS.maxRetryAfter());
        assertEquals(200, DEFAULTS.recentDeliveries());
    }

    @Test
    void refusesSettingsThatCannotWorkNamingTheKey() {
        IllegalArgumentException giveUp = assertThrows(
                IllegalArgumentException.class,
                () -> DEFAULTS.withRetry(DEFAULTS.retry(), DEFAULTS.maxRetryAfter(), Duration.ZERO));
        assertEquals("dispatch.give-up-after must be a positive duration, was PT0S", giveUp.getMessage());
        IllegalArgumentException breaker =
                assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withBreaker(0, Duration.ofSeconds(1)));
        assertEquals("dispatch.breaker-threshold must be at least 1, was 0", breaker.getMessage());
        IllegalArgumentException topic = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withTopic(" "));
        assertEquals("dispatch.topic must not be empty", topic.getMessage());
    }

    @Test
    void aSubscriptionsDeliveryRecordsAlwaysLandInTheSamePartition() {
        int partition = DeliveryLog.partitionFor("ops-team", 3);
        for (int i = 0; i < 10; i++) {
            assertEquals(partition, DeliveryLog.partitionFor("ops-team", 3));
        }
        assertTrue(partition >= 0 && partition < 3, "partition " + partition);
    }
}
