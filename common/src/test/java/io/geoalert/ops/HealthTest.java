package io.geoalert.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void isUpOnlyWhenEveryComponentIs() {
        Health health = new Health().register("a", () -> Health.Status.up("fine"));
        HttpResponse up = health.respond();
        assertEquals(200, up.status());

        health.register("b", () -> Health.Status.down("broker unreachable"));
        HttpResponse down = health.respond();
        assertEquals(503, down.status());
        String body = new String(down.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"status\":\"DOWN\""), body);
        assertTrue(body.contains("broker unreachable"), body);
    }

    @Test
    void aCheckThatThrowsCountsAsDown() {
        Health health = new Health().register("flaky", () -> {
            throw new IllegalStateException("boom");
        });
        assertEquals(503, health.respond().status());
    }
}
