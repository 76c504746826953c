package io.geoalert.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.http.HttpResponse;
import io.geoalert.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    @Test
    void readinessIsUpWhenEveryComponentIsAndOtherwiseNamesTheFailingOnes() throws Exception {
        Health health = new Health().register("kafka", () -> Health.Status.up("1 broker(s)"));
        HttpResponse ready = health.respondReady();
        assertEquals(200, ready.status());
        assertEquals("{\"status\":\"UP\"}", new String(ready.body(), StandardCharsets.UTF_8));

        health.register("feeds", () -> Health.Status.down("0 of 2 feeds healthy; a: 404; b: timeout"));
        health.register("streams", () -> Health.Status.down("REBALANCING"));
        health.register("consumer", () -> Health.Status.up("delivering"));
        HttpResponse notReady = health.respondReady();
        assertEquals(503, notReady.status());
        JsonNode body = Json.MAPPER.readTree(notReady.body());
        assertEquals("DOWN", body.get("status").asText());
        assertEquals(
                List.of("feeds", "streams"),
                iterable(body.get("failing").fieldNames()),
                "every failing component, and only those");
        assertEquals(
                "0 of 2 feeds healthy; a: 404; b: timeout",
                body.at("/failing/feeds").asText());
    }

    @Test
    void livenessAsksNoComponentAndFailsOnlyOnceStopping() throws Exception {
        Health health = new Health().register("kafka", () -> Health.Status.down("no answer"));
        HttpResponse live = health.respondLive();
        assertEquals(200, live.status(), "a broker that is down is no reason to restart the process");
        assertEquals("{\"status\":\"UP\"}", new String(live.body(), StandardCharsets.UTF_8));

        health.stopping();
        assertEquals(503, health.respondLive().status());
        HttpResponse ready = health.respondReady();
        assertEquals(503, ready.status());
        assertEquals(
                "shutting down",
                Json.MAPPER.readTree(ready.body()).at("/failing/node").asText());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
