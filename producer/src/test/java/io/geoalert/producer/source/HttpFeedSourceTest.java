package io.geoalert.producer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.geoalert.producer.fetch.FetchLimits;
import io.geoalert.producer.fetch.HostBudget;
import io.geoalert.producer.fetch.PoliteFetcher;
import io.geoalert.producer.fetch.PolledUrl;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Polite polling against a real local HTTP server. */
class HttpFeedSourceTest {

    private static final String FEED = "<rss version=\"2.0\"><channel><title>T</title>"
            + "<item><title>Sanctions widened</title><link>https://a.org/1</link></item></channel></rss>";

    private HttpServer server;
    private final List<String> conditionalHeaders = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/feed", exchange -> {
            userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
            String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
            conditionalHeaders.add(inm == null ? "-" : inm);
            if ("\"v1\"".equals(inm)) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            send(exchange, 200, FEED);
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", "/feed");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.createContext("/gone", exchange -> {
            exchange.sendResponseHeaders(410, -1);
            exchange.close();
        });
        server.createContext("/busy", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "120");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        server.createContext("/stall", exchange -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 200, FEED);
        });
        server.createContext("/trickle", exchange -> {
            byte[] bytes = FEED.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                for (byte b : bytes) { // the headers came at once; the body would take a minute
                    out.write(b);
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (IOException | InterruptedException clientGone) {
                // expected: the reader gave up at its deadline
            }
        });
        server.createContext("/far-retry", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "99999999");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.createContext("/to-file", exchange -> {
            exchange.getResponseHeaders().set("Location", "file:///etc/passwd");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "<rss><channel><title>".repeat(1000).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10_000; i++) { // bounded: ~200 MB at most, stops when the client hangs up
                    out.write(chunk);
                }
            } catch (IOException clientGone) {
                // expected: the reader stopped at its cap
            }
        });
        server.start();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpFeedSource source(String path) {
        return source(path, true);
    }

    private HttpFeedSource source(String path, boolean allowPrivate) {
        PoliteFetcher fetcher = new PoliteFetcher(
                new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(1), 64 * 1024, Duration.ofHours(6), 5),
                new HostBudget(Duration.ofMillis(1)),
                Clock.systemUTC(),
                (javax.net.ssl.SSLSocketFactory) javax.net.ssl.SSLSocketFactory.getDefault());
        return new HttpFeedSource(
                new SourceSpec("test", "rss", Duration.ofMinutes(5)),
                new PolledUrl(
                        fetcher,
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                        allowPrivate,
                        PoliteFetcher.FEED_TYPES));
    }

    @Test
    void sendsTheEtagBackAndPublishesNothingOnA304() throws Exception {
        HttpFeedSource source = source("/feed");
        assertEquals(1, source.poll().size());
        source.onPublished();
        assertEquals(List.of(), source.poll());
        assertEquals(List.of("-", "\"v1\""), conditionalHeaders);
        assertTrue(userAgents.get(0).startsWith("geoalert/"), userAgents.toString());
    }

    @Test
    void fetchesWholeAgainWhenTheItemsOfTheLastResponseWereNotPublished() throws Exception {
        HttpFeedSource source = source("/feed");
        assertEquals(1, source.poll().size());
        source.onPublishFailed(new IllegalStateException("broker down"));
        assertEquals(1, source.poll().size(), "no 304 for items Kafka never took");
        assertEquals(List.of("-", "-"), conditionalHeaders);
    }

    @Test
    void remembersAPermanentRedirect() throws Exception {
        HttpFeedSource source = source("/moved");
        assertEquals(1, source.poll().size());
        assertTrue(source.url().toString().endsWith("/feed"), source.url().toString());
    }

    @Test
    void aGoneFeedIsDisabledAndABusyOneSaysWhenToComeBack() {
        SourceException gone =
                assertThrows(SourceException.class, () -> source("/gone").poll());
        assertTrue(gone.permanent());
        SourceException busy =
                assertThrows(SourceException.class, () -> source("/busy").poll());
        assertEquals(Duration.ofMinutes(2), busy.retryAfter().orElseThrow());
        assertTrue(!busy.permanent());
    }

    @Test
    void aStallingServerTimesOutAndAnEndlessResponseHitsTheCap() {
        long started = System.nanoTime();
        SourceException stalled =
                assertThrows(SourceException.class, () -> source("/stall").poll());
        assertTrue(
                stalled.getMessage().startsWith("no complete answer from 127.0.0.1 within 1 s"), stalled.getMessage());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 4_000, "gave up before the server answered");
        SourceException endless =
                assertThrows(SourceException.class, () -> source("/endless").poll());
        assertTrue(
                endless.getMessage().startsWith("the response is larger than")
                        || endless.getMessage().startsWith("no complete answer"),
                endless.getMessage());
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsAbandonedAtTheDeadline() {
        long started = System.nanoTime();
        SourceException e =
                assertThrows(SourceException.class, () -> source("/trickle").poll());
        assertTrue(e.getMessage().startsWith("no complete answer from 127.0.0.1 within 1 s"), e.getMessage());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(
                millis < 4_000,
                "the trickling body would take " + FEED.length() * 300 / 1000 + " s; gave up after " + millis + " ms");
    }

    @Test
    void aFeedOnALoopbackAddressIsRefusedUnlessMarkedInternal() {
        SourceException e =
                assertThrows(SourceException.class, () -> source("/feed", false).poll());
        assertEquals(
                "refused to fetch from 127.0.0.1: it resolves to 127.0.0.1, a loopback address"
                        + " (mark the feed allowPrivate: true if it is internal)",
                e.getMessage());
        assertEquals(List.of(), userAgents, "no request reached the server");
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() {
        SourceException e =
                assertThrows(SourceException.class, () -> source("/to-file").poll());
        assertEquals("only http and https URLs are fetched, not file:///etc/passwd", e.getMessage());
    }

    @Test
    void retryAfterIsCappedAtSixHours() {
        SourceException e =
                assertThrows(SourceException.class, () -> source("/far-retry").poll());
        assertEquals(Duration.ofHours(6), e.retryAfter().orElseThrow());
    }
}
