package io.geoalert.producer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.geoalert.model.NewsItem;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A JSON API added with a field mapping only, against a real local HTTP server. */
class JsonApiSourceTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String serve(String json) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api", exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    @Test
    void mapsFieldsByJsonPointerAndFallsBackToTheBodyForAMissingTitle() throws Exception {
        String url = serve("""
                {"data": {"articles": [
                  {"key": 7, "headline": "Arms embargo extended", "summary": "<p>The council voted.</p>",
                   "links": {"web": "https://api.example.org/a/7?utm_source=api"}, "ts": 1795000000},
                  {"key": 8, "headline": "", "summary": "Envoys said the talks would resume in Geneva next week."},
                  {"key": 9, "headline": "", "summary": ""}]}}
                """);
        Source source = new BuiltinSources.JsonApi()
                .create(
                        new SourceSpec("api", "json-api", Duration.ofMinutes(1)),
                        Map.of(
                                "url",
                                url,
                                "allowPrivate",
                                true,
                                "items",
                                "/data/articles",
                                "fields",
                                Map.of(
                                        "id",
                                        "/key",
                                        "title",
                                        "/headline",
                                        "body",
                                        "/summary",
                                        "url",
                                        "/links/web",
                                        "publishedAt",
                                        "/ts")));
        List<NewsItem> items = source.poll();
        assertEquals(2, items.size(), "an item with neither title nor body is skipped, as in a feed");
        assertEquals(
                "Envoys said the talks would resume in Geneva next week.",
                items.get(1).title(),
                "a missing title falls back to the body, as in a feed (issue 8)");
        NewsItem item = items.get(0);
        assertEquals("Arms embargo extended", item.title());
        assertEquals("The council voted.", item.body());
        assertEquals("https://api.example.org/a/7", item.url());
        assertEquals(Instant.ofEpochSecond(1795000000), item.publishedAt());
        assertEquals("api", item.source());
    }

    @Test
    void saysWhereTheItemsWereExpected() throws Exception {
        String url = serve("{\"data\": {}}");
        Source source = new BuiltinSources.JsonApi()
                .create(
                        new SourceSpec("api", "json-api", Duration.ofMinutes(1)),
                        Map.of("url", url, "allowPrivate", "true", "items", "/data/articles"));
        SourceException e = assertThrows(SourceException.class, source::poll);
        assertTrue(e.getMessage().contains("no list at '/data/articles'"), e.getMessage());
        assertEquals(
                "feeds[api].items is not a JSON Pointer (like /data/items): data",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new BuiltinSources.JsonApi()
                                        .create(
                                                new SourceSpec("api", "json-api", Duration.ofMinutes(1)),
                                                Map.of("url", url, "items", "data")))
                        .getMessage());
    }

    @Test
    void anApiOnALoopbackAddressIsRefusedUnlessMarkedInternal() throws Exception {
        String url = serve("{\"data\": {\"articles\": []}}");
        Source source = new BuiltinSources.JsonApi()
                .create(
                        new SourceSpec("api", "json-api", Duration.ofMinutes(1)),
                        Map.of("url", url, "items", "/data/articles"));
        SourceException e = assertThrows(SourceException.class, source::poll);
        assertTrue(e.getMessage().contains("127.0.0.1, a loopback address"), e.getMessage());
        assertEquals(
                "feeds[api].allowPrivate must be true or false, was 'yes'",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new BuiltinSources.JsonApi()
                                        .create(
                                                new SourceSpec("api", "json-api", Duration.ofMinutes(1)),
                                                Map.of("url", url, "allowPrivate", "yes")))
                        .getMessage());
    }
}
