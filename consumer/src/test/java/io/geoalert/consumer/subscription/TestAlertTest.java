package io.geoalert.consumer.subscription;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.channel.Delivery;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestAlertTest {

    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");

    private static Subscription parse(String json) {
        return SubscriptionParser.parse(SubscriptionParser.json(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTestDeliveryIsMarkedAsATestInItsFlagIdsTitleAndText() {
        Subscription desk = parse(
                "{\"id\": \"desk\", \"filter\": {\"categories\": [\"snapback\"],"
                        + " \"entities\": [\"Iran\", \"E3\"], \"minSeverity\": \"high\"}, \"channel\": {\"type\": \"terminal\"}}");
        Delivery delivery = TestAlert.delivery(desk, NOW);
        assertTrue(delivery.test());
        assertFalse(delivery.digest());
        assertEquals("desk", delivery.subscriptionId());
        assertEquals(1, delivery.attempt());
        assertTrue(delivery.deliveryId().startsWith("test-"), delivery.deliveryId());
        Alert alert = delivery.alerts().get(0);
        assertTrue(alert.alertId().startsWith("test-"), alert.alertId());
        assertEquals(TestAlert.RULE_ID, alert.ruleId());
        assertTrue(alert.title().startsWith("TEST: "), alert.title());
        assertTrue(alert.title().contains("desk"), alert.title());
        assertTrue(alert.snippet().contains("reports no news"), alert.snippet());
        assertEquals("snapback", alert.category());
        assertEquals(Severity.HIGH, alert.severity());
        assertEquals(List.of("Iran", "E3"), alert.entities());
        assertEquals(NOW, alert.detectedAt());
        assertEquals(
                "TEST",
                alert.title()
                        .substring(
                                alert.matches().get(0).start(),
                                alert.matches().get(0).end()));
        assertArrayEquals(Json.toBytes(alert), delivery.alertJson().get(0), "the JSON is the alert's, as on the topic");
    }

    @Test
    void eachTestHasItsOwnIdsSoThatAReceiverDoesNotDropTheSecondAsARepeat() {
        Subscription any = parse("{\"id\": \"any\", \"channel\": {\"type\": \"terminal\"}}");
        Delivery first = TestAlert.delivery(any, NOW);
        Delivery second = TestAlert.delivery(any, NOW);
        assertNotEquals(first.deliveryId(), second.deliveryId());
        assertNotEquals(first.alerts().get(0).alertId(), second.alerts().get(0).alertId());
        assertEquals("test", first.alerts().get(0).category());
        assertEquals(Severity.LOW, first.alerts().get(0).severity());
    }
}
