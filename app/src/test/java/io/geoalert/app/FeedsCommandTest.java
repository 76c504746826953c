package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.geoalert.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedsCommandTest {

    private static final String FEED = "<rss version=\"2.0\"><channel><title>T</title>"
            + "<item><title>UN to reimpose sanctions</title><link>https://a.org/1?utm_medium=x</link></item>"
            + "<item><title>Treaty signed</title><link>https://a.org/2</link></item></channel></rss>";

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/feed.xml", exchange -> {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
                gzip.write(FEED.getBytes(StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, zipped.size());
            exchange.getResponseBody().write(zipped.toByteArray());
            exchange.close();
        });
        server.createContext("/gone", exchange -> {
            exchange.sendResponseHeaders(410, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String[] run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = GeoalertCommand.commandLine().execute(args);
            return new String[] {Integer.toString(exit), captured.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void summarisesEverySourceOnOneLineAndFailsWhenAnyFailed(@TempDir Path dir) throws Exception {
        String base = serve();
        Path file = dir.resolve("feed.xml");
        Files.writeString(file, FEED);
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, "<rss><channel><title>half");

        String[] result = run(
                "feeds",
                "check",
                "--summary",
                "--allow-private",
                file.toString(),
                base + "/feed.xml",
                broken.toString(),
                base + "/gone");
        List<JsonNode> lines = result[1]
                .lines()
                .map(l -> {
                    try {
                        return Json.MAPPER.readTree(l);
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + l);
                    }
                })
                .toList();
        assertEquals("1", result[0]);
        assertEquals(4, lines.size(), result[1]);
        assertEquals(file.toString(), lines.get(0).path("source").asText());
        assertTrue(lines.get(0).path("ok").asBoolean());
        assertEquals(2, lines.get(0).path("items").asInt());
        assertEquals(2, lines.get(1).path("items").asInt(), "gzip over HTTP");
        assertFalse(lines.get(2).path("ok").asBoolean());
        assertTrue(
                lines.get(2).path("error").asText().startsWith("the feed is not well-formed XML"),
                lines.get(2).toString());
        assertEquals("the URL is gone (HTTP 410)", lines.get(3).path("error").asText());
        lines.forEach(l -> assertTrue(l.has("millis")));
        assertFalse(result[1].contains("\tat "), "no stack trace");
    }

    @Test
    void printsTheItemsAFeedWouldPublish(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("feed.xml");
        Files.writeString(file, FEED);
        String[] result = run("feeds", "check", file.toString());
        assertEquals("0", result[0]);
        List<String> lines = result[1].lines().toList();
        assertEquals(2, lines.size());
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertEquals("UN to reimpose sanctions", first.path("title").asText());
        assertEquals("https://a.org/1", first.path("url").asText());
        assertEquals(32, first.path("id").asText().length());
    }

    @Test
    void refusesALoopbackUrlUnlessAllowed() throws Exception {
        String base = serve();
        String[] result = run("feeds", "check", "--summary", base + "/feed.xml");
        assertEquals("1", result[0]);
        JsonNode line = Json.MAPPER.readTree(result[1].lines().findFirst().orElseThrow());
        assertTrue(
                line.path("error").asText().contains("it resolves to 127.0.0.1, a loopback address"), line.toString());
    }
}
