package io.geoalert.producer.ingest;

import io.geoalert.broker.EmbeddedKafkaBroker;
import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.kafka.Topics;
import io.geoalert.producer.publish.NewsPublisher;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kafka stops under a running ingest: the client gets a timely 503, and its retry with the same id lands. */
class IngestAcrossBrokerRestartIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void answers503WhileKafkaIsDownAndAcceptsTheRetryWithTheSameIdOnceItIsBack() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0, 1);
        String bootstrap = broker.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        TopicSetup.ensure(bootstrap, TopicSetup.pipelineTopics(1, Topics.DEFAULT_CATEGORIES));
        try (NewsPublisher publisher = new NewsPublisher(ProducerSettings.of(bootstrap), new SimpleMeterRegistry(), Clock.systemUTC());
             NewsIngestRoute ingest = new NewsIngestRoute(publisher);
             HttpApi api = new HttpApi(new HttpSettings("127.0.0.1", 0, null, 1 << 20)).post("/v1/news", ingest).start()) {
            assertEquals(202, post(api, "before").statusCode());

            broker.close();
            long started = System.nanoTime();
            HttpResponse<String> down = post(api, "during");
            long downMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.printf("restart: POST with the broker stopped answered %d in %d ms (Retry-After %s)%n",
                    down.statusCode(), downMs, down.headers().firstValue("Retry-After").orElse("-"));
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
            System.out.printf("restart: the retry of the same id answered %d %.1f s after the broker was back%n",
                    retried.statusCode(), (System.nanoTime() - back) / 1e9);
            assertEquals(202, retried.statusCode(), retried.body());
            assertTrue(ingest.health().up(), "a success clears the DOWN: " + ingest.health());
            // at least once: the refused first attempt may land too once the producer reconnects;
            // the item id is the key, and streams drops repeats of an id it has matched
            TopicReader.await(bootstrap, Topics.NEWS_RAW, 1, r -> "restart-during".equals(r.key()), Duration.ofSeconds(20));
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
        String item = "{\"id\":\"restart-" + id + "\",\"source\":\"s\",\"title\":\"T\",\"url\":\"http://x/" + id + "\"}";
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v1/news"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(item)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
