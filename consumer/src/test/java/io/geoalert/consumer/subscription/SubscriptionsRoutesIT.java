package io.geoalert.consumer.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Json;
import io.geoalert.testing.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The subscription routes on a real HTTP server, writing to and following a real broker. */
class SubscriptionsRoutesIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String SECRET = "whsec-literal-4f9a";
    private static final String SMTP_PASSWORD = "smtp-literal-77x";
    private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/slack-literal-token";
    private static final String CONFIGURED =
            "configured-" + UUID.randomUUID().toString().substring(0, 8);
    private static SubscriptionsTopic topic;
    private static SubscriptionsFollower follower;
    private static HttpApi http;
    /** Every answer body, to check that no literal secret was ever sent back. */
    private static final List<String> answers = new ArrayList<>();

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        KafkaClients kafka = KafkaClients.of(KafkaFixture.bootstrapServers());
        topic = new SubscriptionsTopic(kafka, Clock.systemUTC());
        topic.ensure();
        Subscription configured = SubscriptionParser.parse(Json.MAPPER.readTree("{\"id\": \"" + CONFIGURED
                + "\", \"channel\": {\"type\": \"slack\", \"url\": \"" + SLACK_URL + "\"}}"));
        follower = new SubscriptionsFollower(kafka, List.of(configured), new SimpleMeterRegistry(), Clock.systemUTC());
        follower.catchUp(Duration.ofSeconds(30));
        follower.start();
        http = new HttpApi(new HttpSettings("127.0.0.1", 0, null, 1 << 20));
        new SubscriptionsRoutes(topic, follower).bind(http);
        http.start();
    }

    @AfterAll
    static void stop() {
        http.close();
        follower.close();
        topic.close();
        for (String body : answers) {
            assertFalse(body.contains(SECRET), body);
            assertFalse(body.contains(SMTP_PASSWORD), body);
            assertFalse(body.contains("slack-literal-token"), body);
        }
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        synchronized (answers) {
            answers.add(response.body());
        }
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static String webhook(String id) {
        return "{" + (id == null ? "" : "\"id\": \"" + id + "\", ") + "\"filter\": {\"categories\": [\"snapback\"]},"
                + " \"channel\": {\"type\": \"webhook\", \"url\": \"https://desk.example.org/in\","
                + " \"secrets\": [\"${env:DESK_SECRET}\", \"" + SECRET + "\"]}}";
    }

    @Test
    void postCreatesASubscriptionUnderAMadeUpIdAndAnswersOnceItIsInForceWithSecretsMasked() throws Exception {
        HttpResponse<String> created = send("POST", "/v1/subscriptions", webhook(null));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode body = json(created);
        String id = body.get("id").asText();
        assertTrue(id.matches("sub-[0-9a-f]{10}"), id);
        assertEquals(1, body.get("version").asInt());
        assertTrue(body.get("inForce").asBoolean());
        assertEquals(
                "/v1/subscriptions/" + id,
                created.headers().firstValue("Location").orElse(""));
        assertTrue(follower.current().containsKey(id), "in force on this instance when the answer comes");
        assertEquals(
                List.of("${env:DESK_SECRET}", "****"),
                Json.MAPPER.convertValue(body.at("/subscription/channel/secrets"), List.class));

        HttpResponse<String> got = send("GET", "/v1/subscriptions/" + id, null);
        assertEquals(200, got.statusCode());
        assertEquals("****", json(got).at("/channel/secrets/1").asText());
        assertEquals(1, json(got).get("version").asInt());
        assertEquals("snapback", json(got).at("/filter/categories/0").asText());
        // what is stored keeps the secret: masking is only for answers
        assertEquals(
                List.of("${env:DESK_SECRET}", SECRET),
                follower.current().get(id).channel().settings().get("secrets"));
    }

    @Test
    void theListShowsEverySubscriptionMaskedIncludingTheConfiguredOnes() throws Exception {
        String id = "listed-" + run;
        assertEquals(201, send("PUT", "/v1/subscriptions/" + id, webhook(null)).statusCode());
        HttpResponse<String> list = send("GET", "/v1/subscriptions", null);
        assertEquals(200, list.statusCode());
        JsonNode subscriptions = json(list).get("subscriptions");
        JsonNode configured = null;
        JsonNode mine = null;
        for (JsonNode s : subscriptions) {
            if (s.get("id").asText().equals(CONFIGURED)) {
                configured = s;
            } else if (s.get("id").asText().equals(id)) {
                mine = s;
            }
        }
        assertEquals("****", configured.at("/channel/url").asText(), "a Slack URL is its secret");
        assertEquals(0, configured.get("version").asInt());
        assertEquals("****", mine.at("/channel/secrets/1").asText());
        assertTrue(json(list).get("rejected").isArray());
    }

    @Test
    void aPostUnderATakenIdIsAConflict() throws Exception {
        String id = "taken-" + run;
        assertEquals(201, send("POST", "/v1/subscriptions", webhook(id)).statusCode());
        HttpResponse<String> again = send("POST", "/v1/subscriptions", webhook(id));
        assertEquals(409, again.statusCode());
        assertEquals("id", json(again).get("field").asText());
    }

    @Test
    void anInvalidSubscriptionIsA400NamingEveryProblemAndNothingIsWritten() throws Exception {
        String id = "invalid-" + run;
        HttpResponse<String> refused = send(
                "PUT",
                "/v1/subscriptions/" + id,
                "{\"channel\": {\"type\": \"email\", \"to\": [\"nobody\"], \"from\": \"a@b.org\","
                        + " \"smtp\": {\"host\": \"h\", \"username\": \"u\", \"password\": \"" + SMTP_PASSWORD + "\","
                        + " \"port\": 0}}, \"quietHours\": {\"from\": \"22:00\", \"to\": \"07:00\", \"zone\": \"Mars/Base\"},"
                        + " \"colour\": \"red\"}");
        assertEquals(400, refused.statusCode(), refused.body());
        JsonNode body = json(refused);
        List<String> problems = new ArrayList<>();
        body.get("problems").forEach(p -> problems.add(p.asText()));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("colour is not a field of a subscription"), problems.toString());
        assertTrue(problems.get(1).startsWith("channel.to[0] 'nobody' is not an e-mail address"), problems.toString());
        assertTrue(problems.get(2).startsWith("channel.smtp.port must be a port number"), problems.toString());
        assertTrue(problems.get(3).startsWith("quietHours.zone 'Mars/Base' is not a time zone"), problems.toString());
        assertEquals("colour", body.get("field").asText());
        assertEquals(404, send("GET", "/v1/subscriptions/" + id, null).statusCode());
        assertEquals(0, follower.versionOf(id));

        HttpResponse<String> notJson = send("POST", "/v1/subscriptions", "{\"id\": ");
        assertEquals(400, notJson.statusCode());
        assertTrue(json(notJson).get("error").asText().startsWith("(document) is not JSON"), notJson.body());
        HttpResponse<String> otherId = send("PUT", "/v1/subscriptions/" + id, webhook("another-id"));
        assertEquals(400, otherId.statusCode());
        assertEquals("id", json(otherId).get("field").asText());
        assertEquals(
                400, send("PUT", "/v1/subscriptions/Bad%20Id", webhook(null)).statusCode());
    }

    @Test
    void putReplacesAtTheNextVersionAndIfMatchMustNameTheVersionInForce() throws Exception {
        String id = "replaced-" + run;
        assertEquals(201, send("PUT", "/v1/subscriptions/" + id, webhook(null)).statusCode());
        HttpResponse<String> stale =
                send("PUT", "/v1/subscriptions/" + id, webhook(id).replace("snapback", "nuclear"), "If-Match", "\"7\"");
        assertEquals(409, stale.statusCode(), stale.body());
        assertTrue(json(stale).get("error").asText().contains("is at version 1, not 7"), stale.body());
        assertEquals(
                "snapback", follower.current().get(id).filter().categories().get(0));

        HttpResponse<String> replaced =
                send("PUT", "/v1/subscriptions/" + id, webhook(id).replace("snapback", "nuclear"), "If-Match", "1");
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals(2, json(replaced).get("version").asInt());
        assertEquals(
                "nuclear",
                json(replaced).at("/subscription/filter/categories/0").asText());
        assertEquals("nuclear", follower.current().get(id).filter().categories().get(0));
    }

    @Test
    void deleteRemovesASubscriptionAndAnUnknownIdIsA404() throws Exception {
        String id = "removed-" + run;
        assertEquals(201, send("POST", "/v1/subscriptions", webhook(id)).statusCode());
        HttpResponse<String> deleted = send("DELETE", "/v1/subscriptions/" + id, null, "If-Match", "1");
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertTrue(json(deleted).get("deleted").asBoolean());
        assertEquals(2, json(deleted).get("version").asInt());
        assertFalse(follower.current().containsKey(id));
        assertEquals(404, send("GET", "/v1/subscriptions/" + id, null).statusCode());
        assertEquals(404, send("DELETE", "/v1/subscriptions/" + id, null).statusCode());
        assertEquals(404, send("DELETE", "/v1/subscriptions/never-" + run, null).statusCode());

        // a deleted id may be created again, at a version after its deletion
        HttpResponse<String> again = send("POST", "/v1/subscriptions", webhook(id));
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(3, json(again).get("version").asInt());
    }
}
