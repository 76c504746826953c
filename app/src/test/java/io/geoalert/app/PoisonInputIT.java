package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.TempDirs;
import io.geoalert.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault suite, poison input (issue 7): the rule and the item that once put streams into ERROR for
 * good, and records written around the API. Processing goes on, the next good item alerts within
 * 2 s, and the bad input is on {@code news.dlq} or listed as refused. Runs on a real broker.
 */
class PoisonInputIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static GeoalertNode node;
    private static String bootstrap;
    private static String run;
    private static Path dir;

    @BeforeAll
    static void startNode() throws Exception {
        bootstrap = KafkaFixture.bootstrapServers();
        dir = TempDirs.create("geoalert-poison-it");
        run = UUID.randomUUID().toString().substring(0, 8);
        node = start();
    }

    private static GeoalertNode start() throws Exception {
        return GeoalertNode.start(
                TestNodes.pipeline(KafkaClients.of(bootstrap), "poison-it-" + run, dir), Clock.systemUTC());
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Posts a good item and returns how long until its alert is on the alerts topic. Each call tells a
     * story of its own ({@code target}): a second copy of one story from the same source raises nothing.
     */
    private static Duration goodItemAlerts(String id, String target) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> posted = send(
                "POST",
                "/v1/news",
                "{\"id\":\"" + id + "\",\"source\":\"it\",\"title\":\"EU imposes new sanctions on Iran's " + target
                        + "\",\"body\":\"The sanctions target " + target + ".\"}");
        assertEquals(202, posted.statusCode(), posted.body());
        TopicReader.await(bootstrap, Topics.ALERTS, 1, r -> id.equals(r.key()), WAIT);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static void rawRecord(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        4 << 20),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    @Test
    void aRuleThatCouldFireWithoutEvidenceIsRefusedAndAlertingGoesOn() throws Exception {
        HttpResponse<String> put = send(
                "PUT",
                "/v1/rules/x-" + run,
                "{\"category\":\"misc\",\"severity\":\"low\",\"all\":[{\"none\":[\"zzzz\"]}]}");
        assertEquals(400, put.statusCode(), put.body());
        assertTrue(
                put.body().contains("rule 'x-" + run + "'") && put.body().contains("without any mention"), put.body());
        Duration recovery = goodItemAlerts("after-rule-" + run, "oil exports");
        System.out.printf(
                "[fault] poison-rule-http: in=1 expected=1 seen=1 lost=0 doubled=0 recovery=%.2fs%n",
                recovery.toMillis() / 1000.0);
        assertTrue(recovery.compareTo(Duration.ofSeconds(2)) < 0, "next good item alerted after " + recovery);
    }

    @Test
    void badRuleRecordsWrittenAroundTheApiAreListedAndTheRulesInForceStay() throws Exception {
        String key = "hand-" + run;
        rawRecord(Topics.RULES, key, "{not json".getBytes(StandardCharsets.UTF_8));
        rawRecord(
                Topics.RULES,
                key,
                ("{\"id\":\"" + key + "\",\"version\":2,\"deleted\":false}").getBytes(StandardCharsets.UTF_8));
        rawRecord(
                Topics.RULES,
                key,
                ("{\"id\":\"" + key + "\",\"version\":2147483647,\"deleted\":false,\"rule\":{\"id\":\"" + key
                                + "\",\"category\":\"misc\",\"severity\":\"low\",\"any\":[\"quokka\"]}}")
                        .getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode rejected;
        do {
            Thread.sleep(100);
            rejected =
                    Json.MAPPER.readTree(send("GET", "/v1/rules", null).body()).path("rejected");
        } while (count(rejected, key) < 3 && System.nanoTime() < deadline);
        assertEquals(3, count(rejected, key), rejected.toString());
        assertTrue(rejected.toString().contains("integer limit"), rejected.toString());

        JsonNode health = Json.MAPPER.readTree(send("GET", "/health", null).body());
        assertEquals(
                "UP", health.path("components").path("streams").path("status").asText(), health.toString());
        assertTrue(
                health.path("components").path("rules").path("detail").asText().contains("refused"), health.toString());
        Duration recovery = goodItemAlerts("after-records-" + run, "shipping lines");
        System.out.printf(
                "[fault] poison-rule-records: in=3 refused=3 lost=0 doubled=0 recovery=%.2fs%n",
                recovery.toMillis() / 1000.0);
        assertTrue(recovery.compareTo(Duration.ofSeconds(2)) < 0, "next good item alerted after " + recovery);

        // the bad records are still on the topic: a restart must not trip over them
        node.close();
        node = start();
        Duration afterRestart = goodItemAlerts("after-restart-" + run, "steel mills");
        System.out.printf(
                "[fault] restart-with-bad-rule-records: alert %.2fs after the first post%n",
                afterRestart.toMillis() / 1000.0);
        assertTrue(count(
                        Json.MAPPER
                                .readTree(send("GET", "/v1/rules", null).body())
                                .path("rejected"),
                        key)
                >= 3);
    }

    private static long count(JsonNode rejected, String key) {
        long n = 0;
        for (JsonNode r : rejected) {
            if (key.equals(r.path("key").asText())) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aHugeItemRaisesBoundedAlertsAndAnOversizedOneGoesToTheDlq() throws Exception {
        String big = "big-" + run;
        String body = "sanctions ".repeat(49_000);
        HttpResponse<String> posted = send(
                "POST",
                "/v1/news",
                "{\"id\":\"" + big + "\",\"source\":\"it\",\"title\":\"Sanctions on Iran\"," + "\"body\":\"" + body
                        + "\"}");
        assertEquals(202, posted.statusCode(), posted.body());
        ConsumerRecord<String, byte[]> alert = TopicReader.await(
                        bootstrap, Topics.ALERTS, 1, r -> big.equals(r.key()), WAIT)
                .get(0);
        assertTrue(alert.value().length < 32 * 1024, "alert of " + alert.value().length + " bytes");
        assertEquals(
                Alert.MAX_MATCHES,
                Json.read(alert.value(), Alert.class).matches().size());

        String huge = "huge-" + run;
        rawRecord(
                Topics.NEWS_RAW,
                huge,
                ("{\"id\":\"" + huge + "\",\"source\":\"it\",\"title\":\"Sanctions\",\"body\":\""
                                + "sanctions ".repeat(60_000) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> dead = TopicReader.await(
                        bootstrap, Topics.NEWS_DLQ, 1, r -> huge.equals(r.key()), WAIT)
                .get(0);
        assertEquals("streams.validate", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.STAGE));
        assertTrue(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE)
                .startsWith("'body' is 600000 characters"));
        Duration recovery = goodItemAlerts("after-item-" + run, "drone makers");
        System.out.printf(
                "[fault] poison-item: in=2 bounded-alerts=1 dlq=1 lost=0 recovery=%.2fs%n",
                recovery.toMillis() / 1000.0);
        assertTrue(recovery.compareTo(Duration.ofSeconds(2)) < 0, "next good item alerted after " + recovery);
    }

    @Test
    void twoConcurrentConditionalPutsOfOneRuleCannotBothWin() throws Exception {
        String id = "race-" + run;
        assertEquals(
                200,
                send("PUT", "/v1/rules/" + id, "{\"category\":\"misc\",\"severity\":\"low\",\"any\":[\"quokka\"]}")
                        .statusCode());
        CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> put(id, "walrus"));
        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> put(id, "narwhal"));
        List<Integer> statuses = List.of(a.get().statusCode(), b.get().statusCode()).stream()
                .sorted()
                .toList();
        assertEquals(
                List.of(200, 409), statuses, a.get().body() + " / " + b.get().body());
        JsonNode rule =
                Json.MAPPER.readTree(send("GET", "/v1/rules/" + id, null).body());
        assertEquals(2, rule.path("version").asInt());
        HttpResponse<String> stale = send(
                "PUT",
                "/v1/rules/" + id,
                "{\"category\":\"misc\",\"severity\":\"low\",\"any\":[\"x\"]}",
                "If-Match",
                "1");
        assertEquals(409, stale.statusCode(), stale.body());
        HttpResponse<String> versioned = send(
                "PUT",
                "/v1/rules/" + id,
                "{\"category\":\"misc\",\"severity\":\"low\",\"version\":2147483647,\"any\":[\"x\"]}");
        assertEquals(
                3,
                Json.MAPPER.readTree(versioned.body()).path("version").asInt(),
                "the server assigns versions: " + versioned.body());
    }

    private static HttpResponse<String> put(String id, String term) {
        try {
            return send(
                    "PUT",
                    "/v1/rules/" + id,
                    "{\"category\":\"misc\",\"severity\":\"low\",\"any\":[\"" + term + "\"]}",
                    "If-Match",
                    "1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
