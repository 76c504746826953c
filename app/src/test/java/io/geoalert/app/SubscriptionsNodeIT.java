package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.consumer.subscription.SubscriptionParser;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Json;
import io.geoalert.testing.KafkaFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A consumer node with subscriptions in its config file: served, changed over HTTP, followed and
 * delivered (each on /health, its deliveries listed), removed again.
 */
class SubscriptionsNodeIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(GeoalertNode node, String method, String path, String body)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aConsumerNodeServesItsConfiguredSubscriptionsAndPutsChangesInForceWithoutRestart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String configured = "teams-" + run;
        Subscription teams = SubscriptionParser.parse(SubscriptionParser.yaml(("{id: " + configured
                        + ", channel: {type: teams, url: 'https://x.logic.azure.com/wf?sig=node-literal'}}")
                .getBytes(StandardCharsets.UTF_8)));
        KafkaClients kafka = KafkaClients.of(KafkaFixture.bootstrapServers());
        NodeSettings settings = NodeSettings.of(kafka, 3, new HttpSettings("127.0.0.1", 0, null, 1 << 20))
                .withConsumer(
                        new ConsumerSettings(kafka, "subscriptions-node-it-" + run, 1, Duration.ZERO, Map.of()),
                        Optional.empty(),
                        false)
                .withSubscriptions(List.of(teams));
        try (GeoalertNode node = GeoalertNode.start(settings, Clock.systemUTC())) {
            HttpResponse<String> got = send(node, "GET", "/v1/subscriptions/" + configured, null);
            assertEquals(200, got.statusCode(), got.body());
            assertEquals(
                    "****", Json.MAPPER.readTree(got.body()).at("/channel/url").asText());
            assertFalse(got.body().contains("node-literal"), got.body());

            String added = "file-" + run;
            HttpResponse<String> put = send(
                    node,
                    "PUT",
                    "/v1/subscriptions/" + added,
                    "{\"channel\": {\"type\": \"file\", \"path\": \"data/" + added + ".jsonl\"}}");
            assertEquals(201, put.statusCode(), put.body());
            assertTrue(Json.MAPPER.readTree(put.body()).get("inForce").asBoolean());
            Map<String, Subscription> inForce =
                    node.subscriptions().orElseThrow().current();
            assertTrue(inForce.containsKey(added), "the registry the delivery engine follows has the change");
            assertTrue(inForce.containsKey(configured));

            JsonNode health =
                    Json.MAPPER.readTree(send(node, "GET", "/health", null).body());
            assertEquals("UP", health.at("/components/subscriptions/status").asText(), health.toString());
            assertTrue(
                    node.registry().scrape().contains("geoalert_subscriptions_active"),
                    "the number of subscriptions in force is a metric");

            // the delivery engine follows the same registry: each subscription shows on /health
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!health.at("/components/dispatch." + added).isObject()
                    || !health.at("/components/dispatch." + configured).isObject()) {
                assertTrue(System.nanoTime() < deadline, "each subscription delivering on /health: " + health);
                Thread.sleep(50);
                health = Json.MAPPER.readTree(send(node, "GET", "/health", null).body());
            }
            assertEquals("UP", health.at("/components/dispatch/status").asText(), health.toString());
            HttpResponse<String> deliveries = send(node, "GET", "/v1/subscriptions/" + added + "/deliveries", null);
            assertEquals(200, deliveries.statusCode(), deliveries.body());
            assertEquals(
                    0, Json.MAPPER.readTree(deliveries.body()).get("deliveries").size());

            // removed: no longer delivered, and not left on the shared topic for the other tests' nodes
            HttpResponse<String> deleted = send(node, "DELETE", "/v1/subscriptions/" + added, null);
            assertTrue(deleted.statusCode() / 100 == 2, deleted.statusCode() + " " + deleted.body());
            while (health.at("/components/dispatch." + added).isObject()) {
                assertTrue(System.nanoTime() < deadline, "a removed subscription leaves /health: " + health);
                Thread.sleep(50);
                health = Json.MAPPER.readTree(send(node, "GET", "/health", null).body());
            }
            assertEquals(
                    404,
                    send(node, "GET", "/v1/subscriptions/" + added + "/deliveries", null)
                            .statusCode());
        }
    }
}
