package io.geoalert.producer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpSettings;
import io.geoalert.ops.Health;
import io.geoalert.producer.publish.NewsPublisher;
import io.geoalert.producer.publish.ProducerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Slow clients and a dead Kafka at once: health must still answer at once, ingest must answer 503 in time. */
class IngestUnderPressureTest {

    private static final String ITEM = "{\"id\":\"p-1\",\"source\":\"s\",\"title\":\"T\",\"url\":\"http://x/p-1\"}";

    @Test
    void healthAnswersWithinOneSecondWhileFortyClientsTrickleAndKafkaIsDown() throws Exception {
        String deadKafka = "127.0.0.1:" + closedPort();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Socket> tricklers = new ArrayList<>();
        Health health = new Health();
        try (NewsPublisher publisher = new NewsPublisher(
                        ProducerSettings.of(deadKafka), new SimpleMeterRegistry(), Clock.systemUTC());
                NewsIngestRoute ingest = new NewsIngestRoute(publisher);
                HttpApi api = new HttpApi(new HttpSettings("127.0.0.1", 0, null, 1 << 20))
                        .post("/v1/news", ingest)
                        .get("/health", r -> health.respond())
                        .start()) {
            health.register(
                    "producer",
                    () -> publisher.lastError() == null
                            ? Health.Status.up("publishing")
                            : Health.Status.down("last send failed"));
            int port = api.port();
            for (int i = 0; i < 40; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                tricklers.add(socket);
                // half stall in the headers, half in the body: both must hold only I/O threads
                String start = i % 2 == 0
                        ? "P"
                        : "POST /v1/news HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{";
                socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            Thread trickle = new Thread(() -> trickle(tricklers), "trickle");
            trickle.setDaemon(true);
            trickle.start();

            long postStarted = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                posts.add(client.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/news"))
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofString(ITEM))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(1500); // the tricklers have sent a byte or two more, and the posts wait on Kafka

            long healthStarted = System.nanoTime();
            HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long healthMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healthStarted);
            System.out.printf(
                    "pressure: 40 trickling connections, Kafka down: /health answered %d in %d ms%n",
                    answer.statusCode(), healthMs);
            assertTrue(healthMs < 1000, "/health took " + healthMs + " ms");
            assertTrue(answer.body().contains("\"status\""), answer.body());

            for (CompletableFuture<HttpResponse<String>> post : posts) {
                HttpResponse<String> refused = post.get(10, TimeUnit.SECONDS);
                long postMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - postStarted);
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After set");
                assertTrue(postMs < 5000, "503 within 5 s, took " + postMs + " ms");
                System.out.printf(
                        "pressure: POST /v1/news with Kafka down answered %d after %d ms: %s%n",
                        refused.statusCode(), postMs, refused.body());
            }
            // Kafka now looks down: one request probes it, the others answer at once
            List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
            long burstStarted = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                more.add(client.sendAsync(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/news"))
                                        .header("Content-Type", "application/json")
                                        .timeout(Duration.ofSeconds(20))
                                        .POST(HttpRequest.BodyPublishers.ofString(ITEM))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> {
                            System.out.printf(
                                    "pressure: a POST while Kafka looks down answered %d after %d ms%n",
                                    r.statusCode(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStarted));
                            return r;
                        }));
            }
            CompletableFuture.anyOf(more.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            int fast = 0;
            for (CompletableFuture<HttpResponse<String>> post : more) {
                try {
                    HttpResponse<String> r = post.get(1500, TimeUnit.MILLISECONDS);
                    assertEquals(503, r.statusCode(), r.body());
                    fast++;
                } catch (java.util.concurrent.TimeoutException probe) {
                    // the one that probes Kafka waits out the ack timeout
                }
            }
            assertTrue(fast >= 5, fast + " of 6 answered at once");
            for (CompletableFuture<HttpResponse<String>> post : more) {
                assertEquals(503, post.get(10, TimeUnit.SECONDS).statusCode());
            }

            Health.Status ingestHealth = ingest.health();
            assertTrue(
                    !ingestHealth.up() && ingestHealth.detail().contains("9 refused with 503"),
                    ingestHealth.toString());
        } finally {
            for (Socket socket : tricklers) {
                socket.close();
            }
        }
    }

    private static void trickle(List<Socket> sockets) {
        try {
            while (true) {
                for (Socket socket : sockets) {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(' ');
                        out.flush();
                    } catch (IOException closed) {
                        // cut off by the server or closed by the test
                    }
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
