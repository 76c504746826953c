package io.geoalert.consumer.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.consumer.TestAlerts;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpSettings;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The recent deliveries of a subscription over HTTP, and sending one again. */
class DeliveryRoutesIT {

    private final HttpClient client = HttpClient.newHttpClient();

    private JsonNode call(String method, URI uri, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void listsRecentDeliveriesAndSendsOneAgainUnderItsDeliveryIdAsANewAttempt() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = DispatchFixture.alertTopic("routes-" + run);
        Alert alert = TestAlerts.alert(run + "-a", "nuclear", "Enrichment", Instant.now());
        DispatchFixture.produce(topic, List.of(alert));

        try (Receiver receiver = new Receiver()) {
            Subscription subscription = DispatchFixture.webhook("routes-" + run, receiver.url());
            Subscription paused = new Subscription(
                    "paused-" + run, "paused", false, 1, null, subscription.channel(), null, null, null);
            MapRegistry registry = new MapRegistry(subscription, paused);
            Dispatch dispatch = new Dispatch(
                    DispatchFixture.settings(topic),
                    registry,
                    DispatchFixture::postingChannel,
                    new SimpleMeterRegistry());
            HttpApi http = new HttpApi(new HttpSettings("127.0.0.1", 0, null, 1 << 20));
            new DeliveryRoutes(dispatch).bind(http);
            http.start();
            dispatch.start();
            try {
                receiver.awaitDistinct(1, 30_000);
                String base = "http://127.0.0.1:" + http.port() + "/v1/subscriptions/";

                // the receiver counts a message before it answers: wait for the dispatcher to hear the answer
                JsonNode list = call("GET", URI.create(base + subscription.id() + "/deliveries"), 200);
                for (int i = 0; i < 100 && list.get("deliveries").isEmpty(); i++) {
                    Thread.sleep(50);
                    list = call("GET", URI.create(base + subscription.id() + "/deliveries"), 200);
                }
                JsonNode first = list.get("deliveries").get(0);
                assertEquals(subscription.id(), list.get("subscription").asText());
                assertEquals("sent", first.get("outcome").asText());
                assertEquals(1, first.get("attempt").asInt());
                assertEquals(200, first.get("status").asInt());
                assertEquals(alert.alertId(), first.get("alertIds").get(0).asText());
                assertTrue(first.has("latencyMs") && first.has("time"), first.toString());
                String deliveryId = first.get("deliveryId").asText();

                JsonNode again = call(
                        "POST", URI.create(base + subscription.id() + "/deliveries/" + deliveryId + "/redeliver"), 200);
                assertEquals(deliveryId, again.get("deliveryId").asText());
                assertEquals(2, again.get("attempt").asInt());
                assertEquals("sent", again.get("outcome").asText());
                assertTrue(again.get("redelivery").asBoolean());
                List<Receiver.Message> messages = receiver.accepted();
                assertEquals(2, messages.size());
                assertEquals(deliveryId, messages.get(1).deliveryId());
                assertEquals(2, messages.get(1).attempt());
                JsonNode after = call("GET", URI.create(base + subscription.id() + "/deliveries?limit=1"), 200);
                assertEquals(1, after.get("deliveries").size());
                assertTrue(after.get("deliveries").get(0).get("redelivery").asBoolean());

                JsonNode unknown = call("GET", URI.create(base + "nobody/deliveries"), 404);
                assertEquals("id", unknown.get("field").asText());
                JsonNode noDelivery =
                        call("POST", URI.create(base + subscription.id() + "/deliveries/nope/redeliver"), 404);
                assertEquals("deliveryId", noDelivery.get("field").asText());
                call("POST", URI.create(base + paused.id() + "/deliveries/" + deliveryId + "/redeliver"), 409);
                JsonNode badLimit = call("GET", URI.create(base + subscription.id() + "/deliveries?limit=0"), 400);
                assertEquals("limit", badLimit.get("field").asText());
            } finally {
                http.close();
                dispatch.close();
            }
        }
    }
}
