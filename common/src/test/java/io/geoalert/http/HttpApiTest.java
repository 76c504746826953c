package io.geoalert.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HttpApiTest {

    private static final String TOKEN = "tok-9f2c7e41d3";
    private static final String ADMIN = "adm-51be08aa7c";

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpApi api;

    private HttpApi start(HttpSettings settings) throws Exception {
        api = new HttpApi(settings, registry)
                .get("/v1/things/{id}", r -> HttpResponse.json(200, Map.of("id", r.pathParam("id"), "q", r.query())))
                .post("/v1/things", r -> {
                    if (r.body().length == 0) {
                        throw ApiException.badRequest("name", "'name' is required");
                    }
                    return HttpResponse.json(202, Map.of("size", r.body().length, "text", r.bodyText()));
                })
                .post("/v1/slow", r -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return HttpResponse.json(200, Map.of());
                })
                .put("/v1/rules/{id}", r -> HttpResponse.json(200, Map.of("id", r.pathParam("id"))))
                .get("/v1/rules", r -> HttpResponse.json(200, Map.of()))
                .post("/v1/subscriptions", r -> HttpResponse.json(201, Map.of()))
                .get("/v1/subscriptions/{id}", r -> HttpResponse.json(200, Map.of()))
                .delete("/v1/subscriptions/{id}", r -> HttpResponse.json(200, Map.of()))
                .get("/metrics", r -> HttpResponse.text(200, "text/plain", "m 1\n"))
                .get("/health", r -> HttpResponse.json(200, Map.of("status", "UP")))
                .get("/health/live", r -> HttpResponse.json(200, Map.of("status", "UP")))
                .get("/health/ready", r -> HttpResponse.json(503, Map.of("status", "DOWN")))
                .get("/health/other", r -> HttpResponse.json(200, Map.of()))
                .start();
        return api;
    }

    private HttpApi start(String token) throws Exception {
        return start(new HttpSettings("127.0.0.1", 0, token, 4096));
    }

    private java.net.http.HttpResponse<String> send(String method, String path, String body, String auth)
            throws Exception {
        return send(
                method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), auth, "application/json");
    }

    private java.net.http.HttpResponse<String> send(String method, String path, byte[] body, String auth, String type)
            throws Exception {
        var builder = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (auth != null) {
            builder.header("Authorization", auth);
        }
        if (type != null && body != null) {
            builder.header("Content-Type", type);
        }
        return client.send(builder.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (api != null) {
            api.close();
        }
    }

    @Test
    void bindsPathParametersAndQuery() throws Exception {
        start((String) null);
        var response = send("GET", "/v1/things/a%20b?x=1%202&y=caf%C3%A9", null, null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"id\":\"a b\""), response.body());
        assertTrue(response.body().contains("\"x\":\"1 2\""), response.body());
        assertTrue(response.body().contains("\"y\":\"café\""), response.body());
    }

    @Test
    void answersUnknownPathWith404AndWrongMethodWith405() throws Exception {
        start((String) null);
        assertEquals(404, send("GET", "/nope", null, null).statusCode());
        assertEquals(405, send("DELETE", "/v1/things", null, null).statusCode());
    }

    @Test
    void turnsRefusalsIntoJsonErrorsNamingTheField() throws Exception {
        start((String) null);
        var response = send("POST", "/v1/things", "", null);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"field\":\"name\""), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void answersAMalformedPercentEscapeWith400NotA500() throws Exception {
        start((String) null);
        for (String path : new String[] {
            "/v1/things/%zz",
            "/v1/things/abc%",
            "/v1/things/%C3",
            "/v1/things/a?x=%2",
            "/v1/things/a?x=%FF",
            "/v1/things/a?%u00e9=1"
        }) {
            String answer = RawHttp.exchange(api.port(), "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 5000);
            assertTrue(answer.startsWith("HTTP/1.1 400"), path + " -> " + answer);
        }
        String answer = RawHttp.exchange(api.port(), "GET /v1/things/%C3 HTTP/1.1\r\nHost: localhost\r\n\r\n", 5000);
        assertTrue(answer.contains("not valid UTF-8"), answer);
        assertEquals(200, send("GET", "/v1/things/ok", null, null).statusCode(), "the server is still up");
    }

    @Test
    void refusesABodyThatIsNotValidUtf8With400() throws Exception {
        start((String) null);
        byte[] latin1 = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        var response = send("POST", "/v1/things", latin1, null, "application/json");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("not valid UTF-8 (malformed bytes at offset 12)"), response.body());
        assertEquals(
                202, send("POST", "/v1/things", "{\"name\":\"café\"}", null).statusCode());
    }

    @Test
    void refusesWritesThatDoNotSayTheyAreJsonWith415() throws Exception {
        start((String) null);
        byte[] form = "name=x".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                415,
                send("POST", "/v1/things", form, null, "application/x-www-form-urlencoded")
                        .statusCode());
        assertEquals(415, send("POST", "/v1/things", form, null, "text/plain").statusCode());
        assertEquals(415, send("POST", "/v1/things", form, null, null).statusCode());
        assertEquals(
                415,
                send("POST", "/v1/things", form, null, "application/json; charset=iso-8859-1")
                        .statusCode());
        assertEquals(
                202,
                send("POST", "/v1/things", form, null, "application/json; charset=UTF-8")
                        .statusCode());
        assertEquals(
                202,
                send("POST", "/v1/things", form, null, "application/x-ndjson").statusCode());
    }

    @Test
    void refusesEveryRouteButHealthWithoutTheToken() throws Exception {
        start(TOKEN);
        for (String path : new String[] {"/v1/things/1", "/v1/rules", "/metrics", "/nope"}) {
            var missing = send("GET", path, null, null);
            assertEquals(401, missing.statusCode(), path);
            assertEquals(
                    "Bearer", missing.headers().firstValue("WWW-Authenticate").orElse(""));
            assertEquals(403, send("GET", path, null, "Bearer wrong").statusCode(), path);
        }
        assertEquals(401, send("POST", "/v1/things", "x", null).statusCode());
        assertEquals(
                403, send("POST", "/v1/things", "x", "Bearer " + TOKEN + "x").statusCode());
        assertEquals(202, send("POST", "/v1/things", "x", "Bearer " + TOKEN).statusCode());
        assertEquals(200, send("GET", "/v1/things/1", null, "Bearer " + TOKEN).statusCode());
        assertEquals(200, send("GET", "/health", null, null).statusCode());
        assertEquals(200, send("GET", "/health/live", null, null).statusCode(), "probes need no token");
        assertEquals(503, send("GET", "/health/ready", null, null).statusCode(), "probes need no token");
        assertEquals(
                401, send("GET", "/health/other", null, null).statusCode(), "only the probes are open, not /health/*");
    }

    @Test
    void servesMetricsWithoutTheTokenOnlyWhenConfiguredTo() throws Exception {
        start(new HttpSettings("127.0.0.1", 0, TOKEN, 4096).withPublicMetrics(true));
        assertEquals(200, send("GET", "/metrics", null, null).statusCode());
        assertEquals(401, send("GET", "/v1/things/1", null, null).statusCode());
    }

    @Test
    void ruleChangesNeedTheAdminTokenWhenOneIsSet() throws Exception {
        start(new HttpSettings("127.0.0.1", 0, TOKEN, 4096).withToken(TOKEN, ADMIN));
        var withUserToken = send("PUT", "/v1/rules/r1", "{}", "Bearer " + TOKEN);
        assertEquals(403, withUserToken.statusCode());
        assertTrue(withUserToken.body().contains("admin token"), withUserToken.body());
        assertEquals(200, send("PUT", "/v1/rules/r1", "{}", "Bearer " + ADMIN).statusCode());
        assertEquals(
                200,
                send("GET", "/v1/rules", null, "Bearer " + TOKEN).statusCode(),
                "reading rules needs only the token");
        assertEquals(
                202,
                send("POST", "/v1/things", "x", "Bearer " + ADMIN).statusCode(),
                "the admin token may do everything");
    }

    @Test
    void subscriptionChangesNeedTheAdminTokenWhenOneIsSet() throws Exception {
        start(new HttpSettings("127.0.0.1", 0, TOKEN, 4096).withToken(TOKEN, ADMIN));
        var withUserToken = send("POST", "/v1/subscriptions", "{}", "Bearer " + TOKEN);
        assertEquals(403, withUserToken.statusCode());
        assertTrue(withUserToken.body().contains("admin token"), withUserToken.body());
        assertEquals(
                403,
                send("DELETE", "/v1/subscriptions/s1", null, "Bearer " + TOKEN).statusCode());
        assertEquals(
                201, send("POST", "/v1/subscriptions", "{}", "Bearer " + ADMIN).statusCode());
        assertEquals(
                200,
                send("DELETE", "/v1/subscriptions/s1", null, "Bearer " + ADMIN).statusCode());
        assertEquals(
                200,
                send("GET", "/v1/subscriptions/s1", null, "Bearer " + TOKEN).statusCode(),
                "reading subscriptions (secrets masked) needs only the token");
    }

    @Test
    void refusesAForeignHostHeaderWhenBoundToLoopback() throws Exception {
        start((String) null);
        String rebound =
                RawHttp.exchange(api.port(), "GET /v1/things/1 HTTP/1.1\r\nHost: attacker.example:8080\r\n\r\n", 5000);
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        for (String host : new String[] {"localhost:8080", "127.0.0.1", "[::1]:80", "LOCALHOST"}) {
            String ok = RawHttp.exchange(api.port(), "GET /v1/things/1 HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 5000);
            assertTrue(ok.startsWith("HTTP/1.1 200"), host + " -> " + ok);
        }
    }

    @Test
    void answers503WithRetryAfterWhenEveryWorkerIsBusyButStillServesHealth() throws Exception {
        start(new HttpSettings("127.0.0.1", 0, null, 4096).withLimits(1, 0, Duration.ofSeconds(5)));
        var first = client.sendAsync(slowRequest(), BodyHandlers.ofString());
        assertTrue(entered.await(5, TimeUnit.SECONDS), "the only worker is taken");
        var refused = send("POST", "/v1/things", "{}", null);
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        assertEquals(200, send("GET", "/health", null, null).statusCode(), "health has threads of its own");
        assertEquals(200, send("GET", "/metrics", null, null).statusCode(), "metrics too");
        release.countDown();
        assertEquals(200, first.get(5, TimeUnit.SECONDS).statusCode());
        assertEquals(202, send("POST", "/v1/things", "{}", null).statusCode(), "served again once the worker is free");
        assertTrue(registry.counter("geoalert.http.rejected", "reason", "busy").count() >= 1);
    }

    private java.net.http.HttpRequest slowRequest() {
        return java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/v1/slow"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{}"))
                .build();
    }

    @Test
    void cutsOffAClientThatSendsItsBodyTooSlowly() throws Exception {
        start(new HttpSettings("127.0.0.1", 0, null, 4096).withLimits(2, 2, Duration.ofMillis(300)));
        long started = System.nanoTime();
        String answer = RawHttp.exchange(
                api.port(),
                "POST /v1/things HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"na",
                5000);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals("", answer, "connection closed without an answer");
        assertTrue(tookMs < 3000, "cut off after the read timeout, took " + tookMs + " ms");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (registry.counter("geoalert.http.rejected", "reason", "slow-client")
                                .count()
                        < 1
                && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(
                1.0,
                registry.counter("geoalert.http.rejected", "reason", "slow-client")
                        .count());
        assertEquals(202, send("POST", "/v1/things", "x", null).statusCode(), "the worker is free again");
    }

    @Test
    void neverShowsTheTokenInLogsErrorsOrSettings() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(HttpApi.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try {
            HttpSettings settings = new HttpSettings("127.0.0.1", 0, TOKEN, 4096).withToken(TOKEN, ADMIN);
            assertFalse(
                    settings.toString().contains(TOKEN) || settings.toString().contains(ADMIN), settings.toString());
            start(settings);
            StringBuilder answers = new StringBuilder();
            answers.append(send("GET", "/v1/things/1", null, "Bearer " + TOKEN.substring(0, 5))
                    .body());
            answers.append(send("GET", "/v1/things/1", null, null).body());
            answers.append(send("PUT", "/v1/rules/x", "{}", "Bearer " + TOKEN).body());
            answers.append(send("POST", "/v1/things", "x", "Bearer " + TOKEN).body());
            answers.append(send("GET", "/health", null, null).body());
            String logged =
                    logs.list.stream().map(ILoggingEvent::getFormattedMessage).reduce("", String::concat);
            assertTrue(logged.contains("bearer token required"), logged);
            for (String secret : new String[] {TOKEN, ADMIN}) {
                assertFalse(answers.toString().contains(secret), answers.toString());
                assertFalse(logged.contains(secret), logged);
            }
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void refusesBodiesOverTheLimitWith413() throws Exception {
        start((String) null);
        var response = send("POST", "/v1/things", "x".repeat(5000), null);
        assertEquals(413, response.statusCode());
        assertEquals(202, send("POST", "/v1/things", "x".repeat(4096), null).statusCode());
    }
}
