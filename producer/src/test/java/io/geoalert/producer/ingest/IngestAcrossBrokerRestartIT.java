package io.geoalert.producer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.broker.EmbeddedKafkaBroker;
import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Topics;
import io.geoalert.producer.publish.NewsPublisher;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka stops under a running ingest: the client gets a timely 503, and its retry with the same id lands. */
class IngestAcrossBrokerRestartIT {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void answers503WhileKafkaIsDownAndAcceptsTheRetryWithTheSameIdOnceItIsBack() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 1);
        String bootstrap = broker.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        TopicSetup.ensure(bootstrap, TopicSetup.pipelineTopics(1, Topics.DEFAULT_CATEGORIES));
        try (NewsPublisher publisher = new NewsPublisher(
                        ProducerSettings.of(bootstrap), new SimpleMeterRegistry(), Clock.systemUTC());
                NewsIngestRoute ingest = new NewsIngestRoute(publisher);
                HttpApi api = new HttpApi(new HttpSettings("127.0.0.1", 0, null, 1 << 20))
                        .post("/v1/news", ingest)
                        .start()) {
            assertEquals(202, post(api, "before").statusCode());

            broker.close();
            long started = System.nanoTime();
            HttpResponse<String> down = post(api, "during");
            long downMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf(
                    "restart: POST with the broker stopped answered %d in %d ms (Retry-After %s)%n",
                    down.statusCode(),
                    downMs,
                    down.headers().firstValue("Retry-After").orElse("-"));
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.headers().firstValue("Retry-After").isPresent());
            assertTrue(downMs < 5000, "503 within 5 s, took " + downMs + " ms");
            assertTrue(!ingest.health().up(), "ingest reports DOWN after a 503: " + ingest.health());

            broker = restartOn(port);
            long back = System.nanoTime();
            HttpResponse<String> retried = post(api, "during");
            for (int attempt = 1; retried.statusCode() == 503 && attempt < 10; attempt++) {
                retried = post(api, "during");
            }
            System.out.printf(
                    "restart: the retry of the same id answered %d %.1f s after the broker was back%n",
                    retried.statusCode(), (System.nanoTime() - back) / 1e9);
            assertEquals(202, retried.statusCode(), retried.body());
            assertTrue(ingest.health().up(), "a success clears the DOWN: " + ingest.health());
            // at least once: the refused first attempt may land too once the producer reconnects;
            // the item id is the key, and streams drops repeats of an id it has matched
            TopicReader.await(
                    bootstrap, Topics.NEWS_RAW, 1, r -> "restart-during".equals(r.key()), Duration.ofSeconds(20));
        } finally {
            broker.close();
        }
    }

    @Test
    void aTwentySecondOutageUnderSteadyIngestLosesNoItem() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 1);
        String bootstrap = broker.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        TopicSetup.ensure(bootstrap, TopicSetup.pipelineTopics(1, Topics.DEFAULT_CATEGORIES));
        int items = 60;
        try (NewsPublisher publisher = new NewsPublisher(
                        ProducerSettings.of(bootstrap), new SimpleMeterRegistry(), Clock.systemUTC());
                NewsIngestRoute ingest = new NewsIngestRoute(publisher);
                HttpApi api = new HttpApi(new HttpSettings("127.0.0.1", 0, null, 1 << 20))
                        .post("/v1/news", ingest)
                        .start()) {
            ingest.start();
            // a client posting an item every 0.5 s and retrying each 503 after its Retry-After, as a well-behaved one
            // does
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicLong acceptedAfterRefusal = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.CompletableFuture<Void> client =
                    java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try {
                            for (int i = 0; i < items; i++) {
                                HttpResponse<String> answer = post(api, "steady-" + i);
                                while (answer.statusCode() == 503) {
                                    refused.incrementAndGet();
                                    Thread.sleep(Math.min(
                                                    2,
                                                    Long.parseLong(answer.headers()
                                                            .firstValue("Retry-After")
                                                            .orElse("1")))
                                            * 1000L);
                                    answer = post(api, "steady-" + i);
                                }
                                assertEquals(202, answer.statusCode(), answer.body());
                                if (refused.get() > 0) {
                                    acceptedAfterRefusal.compareAndSet(0, System.nanoTime());
                                }
                                Thread.sleep(500);
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            Thread.sleep(3_000);
            broker.close();
            long stopped = System.nanoTime();
            Thread.sleep(20_000); // the outage itself, not an assertion
            broker = restartOn(port);
            long back = System.nanoTime();
            client.get(120, TimeUnit.SECONDS);
            double recovery = (acceptedAfterRefusal.get() - back) / 1e9;
            var seen = TopicReader.await(
                    bootstrap,
                    Topics.NEWS_RAW,
                    items,
                    r -> r.key().startsWith("restart-steady-"),
                    Duration.ofSeconds(60));
            long distinct = seen.stream().map(r -> r.key()).distinct().count();
            int lost = items - (int) distinct;
            System.out.printf(
                    "[fault] broker-outage-http: in=%d expected=%d seen=%d lost=%d doubled-on-news.raw=%d refused-503=%d "
                            + "outage=%.0fs recovery=%.1fs (first 202 after the broker was back)%n",
                    items,
                    items,
                    distinct,
                    lost,
                    seen.size() - distinct,
                    refused.get(),
                    (back - stopped) / 1e9,
                    recovery);
            assertEquals(0, lost, "items lost");
            assertTrue(refused.get() > 0, "the outage was seen by the client as 503s");
        } finally {
            broker.close();
        }
    }

    /** The data directory is the same; the port must be too, or the running producer cannot find the broker again. */
    private EmbeddedKafkaBroker restartOn(int port) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, port, 1);
            if (broker.bootstrapServers().endsWith(":" + port)) {
                return broker;
            }
            broker.close();
            Thread.sleep(250);
        }
        throw new AssertionError("port " + port + " did not come free for the restarted broker");
    }

    private static HttpResponse<String> post(HttpApi api, String id) throws Exception {
        String item =
                "{\"id\":\"restart-" + id + "\",\"source\":\"s\",\"title\":\"T\",\"url\":\"http://x/" + id + "\"}";
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v1/news"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(item))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
