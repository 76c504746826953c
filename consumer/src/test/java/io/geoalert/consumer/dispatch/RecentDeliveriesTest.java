package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.consumer.channel.Delivery;
import io.geoalert.model.Alert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentDeliveriesTest {

    private static Delivery delivery(String id) {
        Alert alert = TestAlerts.alert("a-" + id, "treaty", "Treaty", Instant.EPOCH);
        return new Delivery(id, "sub", List.of(alert), List.of(new byte[] {1}), false, false, 1);
    }

    private static DeliveryAttempt line(String id, String outcome) {
        return new DeliveryAttempt(Instant.EPOCH, id, List.of("a-" + id), false, 1, 200, 3, outcome, null, false);
    }

    @Test
    void keepsTheLatestAttemptsNewestFirstWithinItsCapacity() {
        RecentDeliveries recent = new RecentDeliveries(3);
        for (int i = 0; i < 5; i++) {
            recent.add(line("d" + i, "sent"), delivery("d" + i));
        }

        assertEquals(
                List.of("d4", "d3", "d2"),
                recent.newestFirst(10).stream().map(DeliveryAttempt::deliveryId).toList());
        assertEquals(
                List.of("d4"),
                recent.newestFirst(1).stream().map(DeliveryAttempt::deliveryId).toList());
        assertTrue(recent.message("d0").isEmpty(), "too old to send again");
        assertEquals("d2", recent.message("d2").orElseThrow().deliveryId());
    }

    @Test
    void keepsTheLatestAttemptOfAMessageForRedelivery() {
        RecentDeliveries recent = new RecentDeliveries(2);
        Delivery first = delivery("d1");
        recent.add(line("d1", "retry"), first);
        recent.add(line("d1", "sent"), first.nextAttempt());

        assertEquals(2, recent.message("d1").orElseThrow().attempt());
    }
}
