package io.geoalert.producer.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-made HTTP/1.1 exchange against the JDK's HTTP and HTTPS servers. */
class PoliteFetcherTest {

    private static final byte[] DOC =
            "<rss><channel><title>ok</title></channel></rss>".repeat(200).getBytes(StandardCharsets.UTF_8);

    private HttpServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static PoliteFetcher fetcher(SSLSocketFactory tls) {
        return new PoliteFetcher(
                new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1 << 20, Duration.ofHours(6), 3),
                new HostBudget(Duration.ofMillis(1)),
                Clock.systemUTC(),
                tls);
    }

    private static PoliteFetcher fetcher() {
        return fetcher((SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private void routes(HttpServer s) {
        s.createContext("/chunked-gzip", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.getResponseHeaders().set("ETag", "\"e1\"");
            exchange.getResponseHeaders().set("Last-Modified", "Mon, 30 Nov 2026 03:00:00 GMT");
            exchange.sendResponseHeaders(200, 0); // length unknown: chunked
            try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody())) {
                out.write(DOC);
            }
        });
        s.createContext("/p1", exchange -> redirect(exchange, 301, "/p2"));
        s.createContext("/p2", exchange -> redirect(exchange, 308, "/chunked-gzip"));
        s.createContext("/t1", exchange -> redirect(exchange, 301, "/t2"));
        s.createContext("/t2", exchange -> redirect(exchange, 302, "/chunked-gzip"));
        s.createContext("/loop", exchange -> redirect(exchange, 302, "/loop"));
        s.createContext(
                "/inward",
                exchange -> redirect(
                        exchange,
                        302,
                        "http://127.0.0.1:" + exchange.getLocalAddress().getPort() + "/chunked-gzip"));
        s.createContext("/not-modified", exchange -> {
            assertEquals("\"e1\"", exchange.getRequestHeaders().getFirst("If-None-Match"));
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
        });
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, int status, String to)
            throws IOException {
        exchange.getResponseHeaders().set("Location", to);
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String http() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        routes(server);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void readsAChunkedGzippedBodyWithItsValidators() throws Exception {
        PoliteFetcher.Fetched fetched =
                fetcher().get(URI.create(http() + "/chunked-gzip"), PoliteFetcher.Validators.NONE, true, "*/*");
        assertArrayEquals(DOC, fetched.body());
        assertEquals(new PoliteFetcher.Validators("\"e1\"", "Mon, 30 Nov 2026 03:00:00 GMT"), fetched.validators());
        assertNull(fetched.permanentLocation());
    }

    @Test
    void everyRedirectHopIsCheckedAgainstTheAddressPolicy() throws Exception {
        http();
        int port = server.getAddress().getPort();
        // stand-in DNS: "news.example.org" is a public site that happens to live on this test's server
        java.net.InetAddress here = java.net.InetAddress.getByName("127.0.0.1");
        PoliteFetcher.Resolver dns = (host, allowPrivate) ->
                "news.example.org".equals(host) ? List.of(here) : AddressPolicy.resolve(host, allowPrivate);
        PoliteFetcher fetcher = new PoliteFetcher(
                FetchLimits.DEFAULTS,
                new HostBudget(Duration.ofMillis(1)),
                Clock.systemUTC(),
                (SSLSocketFactory) SSLSocketFactory.getDefault(),
                dns);
        assertArrayEquals(
                DOC,
                fetcher.get(
                                URI.create("http://news.example.org:" + port + "/chunked-gzip"),
                                PoliteFetcher.Validators.NONE,
                                false,
                                "*/*")
                        .body(),
                "the public first hop is fetched");
        FetchException inward = assertThrows(
                FetchException.class,
                () -> fetcher.get(
                        URI.create("http://news.example.org:" + port + "/inward"),
                        PoliteFetcher.Validators.NONE,
                        false,
                        "*/*"));
        assertTrue(
                inward.getMessage()
                        .startsWith("refused to fetch from 127.0.0.1: it resolves to 127.0.0.1, a loopback address"),
                inward.getMessage());
    }

    @Test
    void sendsValidatorsAndReportsNotModified() throws Exception {
        PoliteFetcher.Fetched fetched = fetcher()
                .get(URI.create(http() + "/not-modified"), new PoliteFetcher.Validators("\"e1\"", null), true, "*/*");
        assertTrue(fetched.notModified());
    }

    @Test
    void remembersOnlyAnAllPermanentRedirectChainAndStopsAtTheLimit() throws Exception {
        String base = http();
        assertEquals(
                URI.create(base + "/chunked-gzip"),
                fetcher()
                        .get(URI.create(base + "/p1"), PoliteFetcher.Validators.NONE, true, "*/*")
                        .permanentLocation());
        assertEquals(
                URI.create(base + "/t2"),
                fetcher()
                        .get(URI.create(base + "/t1"), PoliteFetcher.Validators.NONE, true, "*/*")
                        .permanentLocation(),
                "a temporary hop ends what is remembered");
        FetchException loop = assertThrows(
                FetchException.class,
                () -> fetcher().get(URI.create(base + "/loop"), PoliteFetcher.Validators.NONE, true, "*/*"));
        assertEquals("more than 3 redirects", loop.getMessage());
    }

    @Test
    void fetchesOverHttpsAndChecksTheCertificateNamesTheHost() throws Exception {
        char[] password = "changeit".toCharArray();
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        try (InputStream out = keytool.getInputStream()) {
            out.readAllBytes();
        }
        assertTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool made a certificate");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);

        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        routes(https);
        https.start();
        server = https;
        int port = https.getAddress().getPort();
        PoliteFetcher fetcher = fetcher(clientContext.getSocketFactory());

        PoliteFetcher.Fetched fetched = fetcher.get(
                URI.create("https://localhost:" + port + "/chunked-gzip"), PoliteFetcher.Validators.NONE, true, "*/*");
        assertArrayEquals(DOC, fetched.body());
        FetchException wrongName = assertThrows(
                FetchException.class,
                () -> fetcher.get(
                        URI.create("https://127.0.0.1:" + port + "/chunked-gzip"),
                        PoliteFetcher.Validators.NONE,
                        true,
                        "*/*"));
        assertTrue(wrongName.getMessage().contains("SSLHandshakeException"), wrongName.getMessage());
    }

    @Test
    void retryAfterAsADateIsHonouredUpToTheCap() {
        PoliteFetcher fetcher = new PoliteFetcher(
                FetchLimits.DEFAULTS,
                new HostBudget(Duration.ofMillis(1)),
                Clock.fixed(java.time.Instant.parse("2026-11-30T03:00:00Z"), java.time.ZoneOffset.UTC),
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        assertEquals(Duration.ofMinutes(30), fetcher.retryAfter("Mon, 30 Nov 2026 03:30:00 GMT"));
        assertEquals(Duration.ZERO, fetcher.retryAfter("Mon, 30 Nov 2026 02:00:00 GMT"), "a date in the past: now");
        assertEquals(Duration.ofHours(6), fetcher.retryAfter("Tue, 01 Dec 2026 03:00:00 GMT"));
        assertNull(fetcher.retryAfter("soon"));
    }
}
