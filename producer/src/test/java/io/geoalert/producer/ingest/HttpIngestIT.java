package io.geoalert.producer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Topics;
import io.geoalert.ops.Metrics;
import io.geoalert.producer.publish.NewsPublisher;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.TopicReader;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/news} on a real broker: hostile bodies get a clear 4xx and the service keeps taking good items. */
class HttpIngestIT {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static PrometheusMeterRegistry registry;
    private static NewsPublisher publisher;
    private static NewsIngestRoute ingest;
    private static HttpApi api;

    @BeforeAll
    static void start() throws Exception {
        TopicSetup.ensure(KafkaFixture.bootstrapServers(), TopicSetup.pipelineTopics(3, Topics.DEFAULT_CATEGORIES));
        registry = Metrics.newRegistry();
        publisher =
                new NewsPublisher(ProducerSettings.of(KafkaFixture.bootstrapServers()), registry, Clock.systemUTC());
        ingest = new NewsIngestRoute(publisher);
        api = new HttpApi(new HttpSettings("127.0.0.1", 0, null, 1 << 20), registry)
                .post("/v1/news", ingest)
                .get("/metrics", r -> Metrics.scrape(registry))
                .start();
    }

    @AfterAll
    static void stop() {
        api.close();
        ingest.close();
        publisher.close();
    }

    private static HttpResponse<String> post(byte[] body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v1/news"))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return post(body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static String item(String id, String source) {
        return "{\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"title\":\"Sanctions on " + id
                + "\",\"url\":\"https://x.org/" + id + "\"}";
    }

    @Test
    void hostileRequestsGetAClear4xxAndTheNextGoodItemIsPublished() throws Exception {
        int depth = 200_000;
        Map<String, Object[]> cases = new LinkedHashMap<>();
        byte[] big = ("{\"id\":\"big\",\"source\":\"s\",\"title\":\"t\",\"body\":\"" + "sanctions ".repeat(110_000)
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        cases.put("body over the 1 MiB cap", new Object[] {big, "application/json", 413, "larger than"});
        ByteArrayOutputStream latin1 = new ByteArrayOutputStream();
        latin1.writeBytes(
                item("latin1", "s").replace("Sanctions", "Sanktionen f\u00fcr").getBytes(StandardCharsets.ISO_8859_1));
        cases.put("invalid UTF-8", new Object[] {latin1.toByteArray(), "application/json", 400, "not valid UTF-8"});
        cases.put("200,000-deep arrays", new Object[] {
            bytes("[".repeat(depth) + "]".repeat(depth)), "application/json", 400, "nesting depth"
        });
        // 6 bytes a level: 170,000 levels is as deep as objects go under the 1 MiB cap
        cases.put("170,000-deep objects", new Object[] {
            bytes("{\"a\":".repeat(170_000) + "1" + "}".repeat(170_000)), "application/json", 400, "nesting depth"
        });
        cases.put("wrong type", new Object[] {
            bytes("{\"id\":\"w\",\"source\":\"s\",\"title\":[\"x\"],\"url\":\"http://x/w\"}"),
            "application/json",
            400,
            "title"
        });
        cases.put("missing field", new Object[] {
            bytes("{\"id\":\"m\",\"title\":\"T\",\"url\":\"http://x/m\"}"), "application/json", 400, "source"
        });
        cases.put("not JSON", new Object[] {bytes("id=1&title=hello"), "application/json", 400, "malformed JSON"});
        cases.put(
                "form content type",
                new Object[] {bytes(item("form", "s")), "application/x-www-form-urlencoded", 415, "Content-Type"});
        cases.put("empty body", new Object[] {new byte[0], "application/json", 400, "empty body"});
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            Object[] spec = c.getValue();
            long started = System.nanoTime();
            HttpResponse<String> response = post((byte[]) spec[0], (String) spec[1]);
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.out.printf(
                    "hostile: %-26s -> %d in %4d ms: %s%n",
                    c.getKey(),
                    response.statusCode(),
                    ms,
                    response.body().length() > 160 ? response.body().substring(0, 160) + "…" : response.body());
            assertEquals((int) spec[2], response.statusCode(), c.getKey() + ": " + response.body());
            assertTrue(response.body().contains((String) spec[3]), c.getKey() + ": " + response.body());
        }
        String id = "after-hostile-" + UUID.randomUUID();
        HttpResponse<String> good = post(item(id, "wire"));
        assertEquals(202, good.statusCode(), good.body());
        TopicReader.await(
                KafkaFixture.bootstrapServers(), Topics.NEWS_RAW, 1, r -> id.equals(r.key()), Duration.ofSeconds(20));
        System.out.printf(
                "hostile: %d hostile requests refused, the next good item was accepted and published%n", cases.size());
    }

    @Test
    void tenThousandDistinctSourcesLeaveTheSeriesCountUnchanged() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        assertEquals(202, post("[" + item("warm-" + run, "warm-" + run) + "]").statusCode());
        long before = geoalertSeries();
        for (int batch = 0; batch < 10; batch++) {
            StringBuilder array = new StringBuilder("[");
            for (int i = 0; i < 1000; i++) {
                String n = run + "-" + batch + "-" + i;
                array.append(i == 0 ? "" : ",").append(item("src-" + n, "source-" + n));
            }
            HttpResponse<String> response = post(array.append(']').toString());
            assertEquals(202, response.statusCode(), response.body());
        }
        long after = geoalertSeries();
        String scrape = registry.scrape();
        System.out.printf("metrics: geoalert series before %d, after 10,000 distinct sources %d%n", before, after);
        assertEquals(before, after, "no series per request-supplied source");
        assertFalse(scrape.contains("source-" + run), "no request text in tags");
        assertTrue(
                scrape.contains("geoalert_news_published_total{application=\"geoalert\",source=\"http\"}"),
                "ingest tagged http");
    }

    private static long geoalertSeries() {
        return registry.scrape().lines().filter(l -> l.startsWith("geoalert_")).count();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
