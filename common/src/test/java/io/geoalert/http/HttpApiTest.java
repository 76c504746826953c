package io.geoalert.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpApiTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private HttpApi api;

    private HttpApi start(String token) throws Exception {
        api = new HttpApi(new HttpSettings("127.0.0.1", 0, token, 4096))
                .get("/v1/things/{id}", r -> HttpResponse.json(200, Map.of("id", r.pathParam("id"), "q", r.query())))
                .post("/v1/things", r -> {
                    if (r.body().length == 0) {
                        throw ApiException.badRequest("name", "'name' is required");
                    }
                    return HttpResponse.json(202, Map.of("size", r.body().length));
                })
                .start();
        return api;
    }

    private java.net.http.HttpResponse<String> send(String method, String path, String body, String auth) throws Exception {
        var builder = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (auth != null) {
            builder.header("Authorization", auth);
        }
        return client.send(builder.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void bindsPathParametersAndQuery() throws Exception {
        start(null);
        var response = send("GET", "/v1/things/abc?x=1%202", null, null);
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"id\":\"abc\""), response.body());
        assertTrue(response.body().contains("\"x\":\"1 2\""), response.body());
    }

    @Test
    void answersUnknownPathWith404AndWrongMethodWith405() throws Exception {
        start(null);
        assertEquals(404, send("GET", "/nope", null, null).statusCode());
        assertEquals(405, send("DELETE", "/v1/things", null, null).statusCode());
    }

    @Test
    void turnsRefusalsIntoJsonErrorsNamingTheField() throws Exception {
        start(null);
        var response = send("POST", "/v1/things", "", null);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("\"field\":\"name\""), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    @Test
    void refusesWritesWithoutTheConfiguredTokenButNotReads() throws Exception {
        start("s3cret");
        assertEquals(401, send("POST", "/v1/things", "x", null).statusCode());
        assertEquals(401, send("POST", "/v1/things", "x", "Bearer wrong").statusCode());
        assertEquals(202, send("POST", "/v1/things", "x", "Bearer s3cret").statusCode());
        assertEquals(200, send("GET", "/v1/things/1", null, null).statusCode());
    }

    @Test
    void refusesBodiesOverTheLimitWith413() throws Exception {
        start(null);
        var response = send("POST", "/v1/things", "x".repeat(5000), null);
        assertEquals(413, response.statusCode());
        assertEquals(202, send("POST", "/v1/things", "x".repeat(4096), null).statusCode());
    }
}
