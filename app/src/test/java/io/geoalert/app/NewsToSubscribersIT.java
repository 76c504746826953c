package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.geoalert.consumer.channel.WebhookSignature;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 end to end, in one node as {@code geoalert run} wires it: subscriptions from a config file
 * (a signed webhook whose secret is a {@code ${file:...}} reference, and a Slack incoming webhook),
 * a news item posted over HTTP, its snapback alert delivered to both receivers, and the delivery
 * listed by {@code GET /v1/subscriptions/{id}/deliveries}.
 */
class NewsToSubscribersIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** A request as a receiver got it. */
    private record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A real HTTP server on loopback that answers 200 and keeps every request, by path. */
    private static final class Receivers implements AutoCloseable {
        final List<Received> received = new CopyOnWriteArrayList<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(2);
        private final HttpServer server;

        Receivers() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                received.add(new Received(
                        exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
                byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, ok.length);
                exchange.getResponseBody().write(ok);
                exchange.close();
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        List<Received> at(String path) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private static HttpResponse<String> call(GeoalertNode node, String method, String path, String body)
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

    /**
     * Waits until the subscription's group has committed its starting offsets on every partition of
     * {@code alerts}: a new subscription gets the alerts that arrive after that.
     */
    private static void awaitDelivering(String bootstrap, String group) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                long partitions = committed.entrySet().stream()
                        .filter(e -> e.getKey().topic().equals(Topics.ALERTS) && e.getValue() != null)
                        .count();
                if (partitions == 3) {
                    return;
                }
                assertTrue(System.nanoTime() < deadline, group + " committed " + partitions + " of 3 partitions");
                Thread.sleep(100);
            }
        }
    }

    private static void awaitCount(Receivers receivers, String path, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (receivers.at(path).size() < n) {
            assertTrue(System.nanoTime() < deadline, "expected " + n + " request(s) at " + path);
            Thread.sleep(50);
        }
    }

    @Test
    void aSnapbackStoryPostedOverHttpReachesTheSignedWebhookAndSlackAndIsListedAsDelivered() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = KafkaFixture.bootstrapServers();
        String secret = "whsec-" + UUID.randomUUID();
        Path secretFile = Files.writeString(dir.resolve("webhook-secret"), secret + "\n");
        String desk = "desk-" + run;
        String slack = "slack-" + run;

        try (Receivers receivers = new Receivers()) {
            // the run id in the filter keeps out the snapback alerts other tests' stories raise on the shared broker
            ConfigOptions config = new ConfigOptions();
            config.file = Files.writeString(dir.resolve("geoalert.yaml"), """
                    subscriptions:
                      - id: %s
                        filter: {categories: [snapback], text: "%s"}
                        channel: {type: webhook, url: "%s", secrets: ["${file:%s}"]}
                      - id: %s
                        filter: {categories: [snapback], text: "%s"}
                        channel: {type: slack, url: "%s"}
                    """.formatted(
                            desk, run, receivers.url("/hook"), secretFile, slack, run, receivers.url("/slack")));
            List<Subscription> subscriptions = config.subscriptions();
            NodeSettings settings = TestNodes.pipeline(KafkaClients.of(bootstrap), "subscribers-" + run, dir)
                    .withSubscriptions(subscriptions);

            try (GeoalertNode node = GeoalertNode.start(settings, Clock.systemUTC())) {
                awaitDelivering(bootstrap, "geoalert-dispatch." + desk);
                awaitDelivering(bootstrap, "geoalert-dispatch." + slack);

                String itemId = "snapback-" + run;
                String title = "UN moves to reimpose sanctions on Iran <desk " + run + ">";
                HttpResponse<String> posted = call(
                        node,
                        "POST",
                        "/v1/news",
                        Json.toString(Map.of(
                                "id",
                                itemId,
                                "source",
                                "my-desk",
                                "title",
                                title,
                                "url",
                                "https://example.org/" + run + "/snapback",
                                "body",
                                "The E3 triggered the snapback mechanism.")));
                assertEquals(202, posted.statusCode(), posted.body());

                ConsumerRecord<String, byte[]> onTopic = TopicReader.await(
                                bootstrap,
                                Topics.ALERTS,
                                1,
                                r -> itemId.equals(r.key())
                                        && "snapback"
                                                .equals(Json.read(r.value(), Alert.class)
                                                        .category()),
                                WAIT)
                        .get(0);
                Alert alert = Json.read(onTopic.value(), Alert.class);

                awaitCount(receivers, "/hook", 1);
                awaitCount(receivers, "/slack", 1);
                Thread.sleep(2_000); // a second message, were there one, would have come by now

                List<Received> hooks = receivers.at("/hook");
                assertEquals(1, hooks.size(), "exactly one webhook message");
                Received hook = hooks.get(0);
                assertArrayEquals(onTopic.value(), hook.body(), "the alert JSON exactly as on the alert topic");
                assertEquals(alert.alertId(), hook.header("Idempotency-Key"));
                assertEquals("application/json", hook.header("Content-Type"));
                assertNotNull(hook.header("X-Geoalert-Delivery"));
                String signature = hook.header(WebhookSignature.HEADER);
                assertTrue(signature.matches("t=\\d+,v1=[0-9a-f]{64}"), "one signature for one secret: " + signature);
                assertTrue(
                        WebhookSignature.verify(
                                signature, hook.body(), secret, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE),
                        "signed with the secret the ${file:} reference names");

                List<Received> slacks = receivers.at("/slack");
                assertEquals(1, slacks.size(), "exactly one Slack message");
                JsonNode message = Json.MAPPER.readTree(slacks.get(0).body());
                JsonNode blocks = message.get("blocks");
                assertTrue(blocks.isArray() && blocks.size() >= 2, message.toString());
                assertEquals("section", blocks.get(0).get("type").asText());
                assertEquals(
                        "*<https://example.org/" + run + "/snapback|UN moves to reimpose sanctions on Iran &lt;desk "
                                + run + "&gt;>*",
                        blocks.get(0).at("/text/text").asText(),
                        "the title linked to the story, Slack's reserved characters escaped");
                assertTrue(blocks.get(1).get("fields").toString().contains("snapback"), message.toString());
                assertTrue(message.get("text").asText().contains("snapback"), message.toString());

                JsonNode listed = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (listed == null || listed.get("deliveries").isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "the delivery is listed: " + listed);
                    HttpResponse<String> got = call(node, "GET", "/v1/subscriptions/" + desk + "/deliveries", null);
                    assertEquals(200, got.statusCode(), got.body());
                    listed = Json.MAPPER.readTree(got.body());
                    Thread.sleep(50);
                }
                assertEquals(1, listed.get("deliveries").size(), listed.toString());
                JsonNode delivery = listed.get("deliveries").get(0);
                assertEquals(200, delivery.get("status").asInt(), delivery.toString());
                assertEquals("sent", delivery.get("outcome").asText());
                assertEquals(1, delivery.get("attempt").asInt());
                assertEquals(
                        List.of(alert.alertId()),
                        List.of(delivery.at("/alertIds/0").asText()));
                assertEquals(
                        hook.header("X-Geoalert-Delivery"),
                        delivery.get("deliveryId").asText());

                JsonNode health =
                        Json.MAPPER.readTree(call(node, "GET", "/health", null).body());
                assertEquals(
                        "UP",
                        health.at("/components/dispatch." + desk + "/status").asText(),
                        health.toString());
                assertEquals(
                        "UP",
                        health.at("/components/dispatch." + slack + "/status").asText(),
                        health.toString());
                String metrics = node.registry().scrape();
                assertTrue(
                        metrics.lines()
                                .anyMatch(l -> l.startsWith("geoalert_deliveries_total{")
                                        && l.contains("channel=\"slack\"")
                                        && l.contains("outcome=\"sent\"")),
                        "deliveries counted by channel and outcome");
            }
        }
    }
}
