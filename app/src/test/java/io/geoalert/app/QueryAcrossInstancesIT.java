package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.broker.EmbeddedKafkaBroker;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.testing.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Two stream processors with one application id share a six-partition {@code news.raw}; each holds
 * part of the alerts view, and {@code GET /v1/alerts} on either answers for all of them, filtered and
 * paged across both, and {@code GET /v1/stats} sums both instances' counts. When one closes, the other
 * takes its partitions and answers alone.
 */
class QueryAcrossInstancesIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int ITEMS = 12;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void eitherInstanceAnswersForAllAlerts() throws Exception {
        // a broker of its own, so that news.raw is created here with six partitions
        Path dir = TempDirs.create("geoalert-query-it");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, 6)) {
            run(KafkaClients.of(broker.bootstrapServers()), dir);
        }
    }

    private void run(KafkaClients kafka, Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                entities:
                  Iran: {type: state, aliases: [iran, iranian, tehran]}
                rules:
                  - id: cargo-sanctions
                    category: sanctions
                    severity: high
                    any: [sanction]
                  - id: enrichment
                    category: nuclear
                    severity: low
                    any: [uranium]
                """);
        GeoalertNode first =
                GeoalertNode.start(node(kafka, "query-it-" + run, rules, dir.resolve("a")), Clock.systemUTC());
        GeoalertNode second = null;
        try {
            second = GeoalertNode.start(node(kafka, "query-it-" + run, rules, dir.resolve("b")), Clock.systemUTC());
            awaitRunning(first);
            awaitRunning(second);

            Map<String, String> titles = publish(kafka.bootstrapServers(), run);
            JsonNode all =
                    await("both halves on the first instance", first, "/v1/alerts?limit=500", a -> count(a) == ITEMS);
            List<String> order = itemIds(all);
            assertEquals(new TreeSet<>(titles.keySet()), new TreeSet<>(order));
            assertFalse(all.path("partial").asBoolean(true));
            assertTrue(all.path("next").isNull(), all.toString());
            assertEquals(order, itemIds(get(second, "/v1/alerts?limit=500")), "the second answers the same, in order");

            // each holds a part, and together all
            List<String> firstPart = itemIds(get(first, "/v1/alerts?limit=500&scope=local"));
            List<String> secondPart = itemIds(get(second, "/v1/alerts?limit=500&scope=local"));
            assertFalse(firstPart.isEmpty(), "the first holds some alerts");
            assertFalse(secondPart.isEmpty(), "the second holds some alerts");
            Set<String> union = new HashSet<>(firstPart);
            union.addAll(secondPart);
            assertEquals(ITEMS, firstPart.size() + secondPart.size(), "no alert held twice");
            assertEquals(new HashSet<>(order), union);

            // filters hold across both instances
            List<String> nuclear = order.stream()
                    .filter(id -> titles.get(id).contains("uranium"))
                    .toList();
            List<String> sanctions =
                    order.stream().filter(id -> !nuclear.contains(id)).toList();
            assertEquals(nuclear, itemIds(get(first, "/v1/alerts?category=nuclear")));
            assertEquals(nuclear, itemIds(get(second, "/v1/alerts?entity=IRAN")));
            assertEquals(sanctions, itemIds(get(second, "/v1/alerts?severity=high&rule=cargo-sanctions")));
            String one = order.get(5);
            assertEquals(List.of(one), itemIds(get(first, "/v1/alerts?text=" + tag(one))));
            assertEquals(0, count(get(first, "/v1/alerts?since=2000-01-01T00:00:00Z&category=treaty")));

            // stats count each story once, on whichever instance holds its category's partition; either sums both
            JsonNode stats = await(
                    "stories counted per category on the first instance",
                    first,
                    "/v1/stats",
                    s -> storiesIn(s, "sanctions") == ITEMS / 2 && storiesIn(s, "nuclear") == ITEMS / 2);
            assertFalse(stats.path("partial").asBoolean(true), stats.toString());
            JsonNode fromSecond = get(second, "/v1/stats");
            assertEquals(ITEMS / 2, storiesIn(fromSecond, "sanctions"), fromSecond.toString());
            assertEquals(ITEMS / 2, storiesIn(fromSecond, "nuclear"), fromSecond.toString());
            assertEquals(
                    ITEMS / 2,
                    fromSecond
                            .path("last7Days")
                            .path("categories")
                            .path("nuclear")
                            .path("total")
                            .asLong(),
                    fromSecond.toString());

            // pages of 5 through both: each alert once, in the same order
            List<String> paged = new ArrayList<>();
            String query = "/v1/alerts?limit=5";
            while (true) {
                JsonNode page = get(second, query);
                paged.addAll(itemIds(page));
                if (page.path("next").isNull()) {
                    break;
                }
                query = "/v1/alerts?limit=5&cursor=" + page.path("next").asText();
            }
            assertEquals(order, paged);

            // a bad parameter is refused by name, before any instance is asked
            HttpResponse<String> bad = send(first, "/v1/alerts?severity=urgent");
            assertEquals(400, bad.statusCode());
            assertEquals(
                    "severity", Json.MAPPER.readTree(bad.body()).path("field").asText());

            // one closes: after the rebalance the other answers for all, alone
            long closedAt = System.nanoTime();
            second.close();
            second = null;
            JsonNode alone = await(
                    "the first to answer alone for all",
                    first,
                    "/v1/alerts?limit=500",
                    a -> count(a) == ITEMS && !a.path("partial").asBoolean(true));
            System.out.printf(
                    "[QueryAcrossInstancesIT] answered for all %d alerts alone %d ms after the other closed%n",
                    ITEMS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt));
            assertEquals(order, itemIds(alone));
            assertEquals(ITEMS, count(get(first, "/v1/alerts?limit=500&scope=local")), "all held here now");
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    private static NodeSettings node(KafkaClients kafka, String applicationId, Path rules, Path dir) {
        return NodeSettings.of(kafka, 6, new HttpSettings("127.0.0.1", 0, null, 1 << 20))
                .withStreams(new StreamsSettings(
                        kafka.bootstrapServers(),
                        applicationId,
                        dir.resolve("streams"),
                        1,
                        6,
                        Optional.of(rules),
                        Map.of()));
    }

    private static long storiesIn(JsonNode stats, String category) {
        return stats.path("last24Hours")
                .path("categories")
                .path(category)
                .path("total")
                .asLong();
    }

    private static String tag(String itemId) {
        return "t" + itemId.substring(itemId.lastIndexOf('-') + 1) + "k";
    }

    /** Stories of their own, two on each partition of news.raw: half on sanctions, half on uranium in Iran. */
    private static Map<String, String> publish(String bootstrap, String run) throws Exception {
        Map<String, String> titles = new LinkedHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < ITEMS; i++) {
                String id = "query-" + run + "-" + i;
                String tag = tag(id);
                String title = i % 2 == 0
                        ? "Traders " + tag + " weigh sanction risk on cargo " + tag + "x"
                        : "Tehran plant " + tag + " enriches more uranium for " + tag + "x reactors";
                String body = "Port " + tag + "y officials said on " + tag + "z that the rules took effect.";
                titles.put(id, title);
                Map<String, String> item = Map.of(
                        "id", id, "source", "wire", "title", title, "url", "https://q.example/" + id, "body", body);
                producer.send(new ProducerRecord<>(Topics.NEWS_RAW, i % 6, id, Json.toBytes(item)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        return titles;
    }

    private static void awaitRunning(GeoalertNode node) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (node.streams().orElseThrow().state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                fail("streams never RUNNING: " + node.streams().orElseThrow().state());
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode await(String what, GeoalertNode node, String path, Predicate<JsonNode> done)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(node, path);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode answer = Json.MAPPER.readTree(response.body());
                if (done.test(answer)) {
                    return answer;
                }
            } else {
                assertEquals(503, response.statusCode(), "only 503 while rebalancing: " + last);
            }
            Thread.sleep(200);
        }
        return fail("timed out waiting for " + what + "; last answer " + last);
    }

    private static JsonNode get(GeoalertNode node, String path) throws Exception {
        HttpResponse<String> response = send(node, path);
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> send(GeoalertNode node, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int count(JsonNode answer) {
        return answer.path("alerts").size();
    }

    private static List<String> itemIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("alerts").forEach(a -> ids.add(a.path("itemId").asText()));
        return ids;
    }
}
