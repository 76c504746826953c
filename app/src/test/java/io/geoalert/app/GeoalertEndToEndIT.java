package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.RequiresSharedData;
import io.geoalert.testing.SharedData;
import io.geoalert.testing.TempDirs;
import io.geoalert.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole pipeline in one node, as {@code geoalert run} wires it, against a real broker. */
class GeoalertEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path dataDir;
    private static GeoalertNode node;
    private static String bootstrap;

    @BeforeAll
    static void startNode() throws Exception {
        bootstrap = KafkaFixture.bootstrapServers();
        dataDir = TempDirs.create("geoalert-e2e");
        String run = UUID.randomUUID().toString().substring(0, 8);
        NodeSettings settings = TestNodes.producerAndStreams(KafkaClients.of(bootstrap), "e2e-" + run, dataDir)
                .withConsumer(
                        new ConsumerSettings(bootstrap, "e2e-consumer-" + run, 3, Duration.ofMillis(50), Map.of()),
                        Optional.of(dataDir.resolve("alerts.jsonl")),
                        false);
        node = GeoalertNode.start(settings, Clock.systemUTC());
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @RequiresSharedData("fixtures/tehran-times-iran-russia-roadmap.txt")
    void seedArticlePostedOverHttpRaisesAlertsInAllFiveCategories() throws Exception {
        String[] text = Files.readString(SharedData.path("fixtures/tehran-times-iran-russia-roadmap.txt"))
                .split("\n", 2);
        String id = "seed-" + UUID.randomUUID();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id);
        item.put("source", "tehran-times");
        item.put("title", text[0]);
        item.put("url", "https://www.tehrantimes.com/news/iran-russia-roadmap");
        item.put("body", text[1]);
        HttpResponse<String> accepted = post("/v1/news", Json.toString(item));
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains(id), accepted.body());

        for (String category : Topics.DEFAULT_CATEGORIES) {
            ConsumerRecord<String, byte[]> record = TopicReader.await(
                            bootstrap, Topics.alertsFor(category), 1, r -> id.equals(r.key()), WAIT)
                    .get(0);
            Alert alert = Json.read(record.value(), Alert.class);
            assertEquals(category, alert.category());
            assertEquals(id, alert.itemId());
            assertFalse(alert.matches().isEmpty(), category + " alert names its matched terms");
            alert.matches()
                    .forEach(m -> assertEquals(
                            m.text(), ("body".equals(m.field()) ? text[1] : text[0]).substring(m.start(), m.end())));
        }

        Set<String> served = new TreeSet<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (served.size() < 5 && System.nanoTime() < deadline) {
            JsonNode alerts =
                    Json.MAPPER.readTree(get("/v1/alerts?limit=500").body()).path("alerts");
            served.clear();
            for (JsonNode a : alerts) {
                if (id.equals(a.path("itemId").asText())) {
                    assertEquals(
                            "https://www.tehrantimes.com/news/iran-russia-roadmap",
                            a.path("url").asText());
                    served.add(a.path("category").asText());
                }
            }
            Thread.sleep(200);
        }
        assertEquals(new TreeSet<>(Topics.DEFAULT_CATEGORIES), served, "GET /v1/alerts serves all five");

        deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.readString(dataDir.resolve("alerts.jsonl")).contains(id)) {
            assertTrue(System.nanoTime() < deadline, "alerts reach the JSON-lines file");
            Thread.sleep(200);
        }
    }

    @Test
    void malformedRecordGoesToTheDlqAndTheNextGoodRecordStillAlerts() throws Exception {
        String run = UUID.randomUUID().toString();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.NEWS_RAW, "bad-" + run, "{\"title\": \"half".getBytes(StandardCharsets.UTF_8)))
                    .get();
            String good = "{\"id\":\"good-" + run
                    + "\",\"source\":\"wire\",\"title\":\"Parliament ratifies treaty\",\"body\":\"The treaty was ratified.\"}";
            producer.send(new ProducerRecord<>(Topics.NEWS_RAW, "good-" + run, good.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        ConsumerRecord<String, byte[]> dead = TopicReader.await(
                        bootstrap, Topics.NEWS_DLQ, 1, r -> ("bad-" + run).equals(r.key()), WAIT)
                .get(0);
        assertEquals(Topics.NEWS_RAW, DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_TOPIC));
        assertTrue(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)
                .matches("\\d+"));
        assertEquals("streams.validate", DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.STAGE));
        assertTrue(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.ERROR_MESSAGE)
                .contains("malformed JSON"));

        Alert alert = Json.read(
                TopicReader.await(bootstrap, Topics.alertsFor("treaty"), 1, r -> ("good-" + run).equals(r.key()), WAIT)
                        .get(0)
                        .value(),
                Alert.class);
        assertEquals("treaty-events", alert.ruleId());
    }

    @Test
    void malformedJsonPostGets400NamingTheProblem() throws Exception {
        HttpResponse<String> response = post("/v1/news", "{\"id\": \"x\", \"title\": ");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("malformed JSON at line 1"), response.body());

        HttpResponse<String> missing = post("/v1/news", "{\"id\": \"x\", \"source\": \"s\", \"url\": \"http://a\"}");
        assertEquals(400, missing.statusCode());
        assertEquals("title", Json.MAPPER.readTree(missing.body()).path("field").asText());
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> health = get("/health");
        while (health.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            health = get("/health");
        }
        assertEquals(200, health.statusCode(), health.body());
        JsonNode components = Json.MAPPER.readTree(health.body()).path("components");
        for (String component : List.of("kafka", "producer", "streams", "consumer")) {
            assertEquals("UP", components.path(component).path("status").asText(), health.body());
        }
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(
                metrics.body()
                        .contains("geoalert_dlq_records_total{application=\"geoalert\",stage=\"streams.validate\"}"),
                "DLQ counter exported");
        assertTrue(metrics.body().contains("kafka_producer_"), "Kafka client metrics bound");
    }
}
