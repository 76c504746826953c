package io.geoalert.consumer.channel;

import static io.geoalert.consumer.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.consumer.subscription.SecretRef;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Alert ALERT = alert("a1", "sanctions", "Sanctions widened", NOW);

    private final Channels channels = new Channels(
            Channels.httpClient(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            new SecretRef(Map.of("HOOK_SECRET_NEW", "new-secret")::get),
            System.out,
            false);
    private RecordingReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = new RecordingReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private Channel webhook(Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("url", receiver.url("/hooks/geoalert").toString());
        settings.put("secrets", List.of("old-secret"));
        settings.putAll(extra);
        return channels.create(new Subscription(
                "sub-1", "ops", true, 1, null, new Subscription.ChannelSpec("webhook", settings), null, null, null));
    }

    @Test
    void postsTheAlertJsonExactlyAsOnTheTopic() {
        Delivery delivery = TestDeliveries.instant(ALERT);
        Outcome outcome = webhook(Map.of()).send(delivery);

        assertEquals(new Outcome.Sent(200), outcome);
        RecordingReceiver.Request request = receiver.only();
        assertEquals("POST", request.method());
        assertEquals("/hooks/geoalert", request.path());
        assertArrayEquals(delivery.alertJson().get(0), request.body());
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("dlv-1", request.header("X-Geoalert-Delivery"));
        assertEquals("a1", request.header("Idempotency-Key"));
        assertTrue(request.header("User-Agent").startsWith("geoalert/"), request.header("User-Agent"));
        assertNull(request.header("X-Geoalert-Test"));
    }

    @Test
    void signsEachDeliveryWithBothActiveSecrets() {
        webhook(Map.of("secrets", List.of("old-secret", "${env:HOOK_SECRET_NEW}")))
                .send(TestDeliveries.instant(ALERT));

        RecordingReceiver.Request request = receiver.only();
        String header = request.header("X-Geoalert-Signature");
        assertTrue(header.matches("t=" + NOW.getEpochSecond() + ",v1=[0-9a-f]{64},v1=[0-9a-f]{64}"), header);
        Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;
        assertTrue(WebhookSignature.verify(header, request.body(), "old-secret", NOW, tolerance));
        assertTrue(WebhookSignature.verify(header, request.body(), "new-secret", NOW, tolerance));
        assertFalse(WebhookSignature.verify(header, request.body(), "${env:HOOK_SECRET_NEW}", NOW, tolerance));

        byte[] tampered = new String(request.body(), StandardCharsets.UTF_8)
                .replace("Sanctions widened", "Sanctions lifted")
                .getBytes(StandardCharsets.UTF_8);
        assertFalse(WebhookSignature.verify(header, tampered, "old-secret", NOW, tolerance));
        assertFalse(WebhookSignature.verify(header, request.body(), "old-secret", NOW.plusSeconds(301), tolerance));
    }

    @Test
    void digestPostsTheAlertsInAnArrayKeyedByTheDelivery() throws IOException {
        Alert second = alert("a2", "cyber", "Grid attack", NOW);
        Delivery digest = TestDeliveries.digest(List.of(ALERT, second));
        assertEquals(new Outcome.Sent(200), webhook(Map.of()).send(digest));

        RecordingReceiver.Request request = receiver.only();
        String expected = "{\"alerts\":[" + new String(digest.alertJson().get(0), StandardCharsets.UTF_8) + ","
                + new String(digest.alertJson().get(1), StandardCharsets.UTF_8) + "]}";
        assertEquals(expected, new String(request.body(), StandardCharsets.UTF_8));
        assertEquals(
                "a2",
                Json.MAPPER
                        .readTree(request.body())
                        .get("alerts")
                        .get(1)
                        .get("alertId")
                        .asText());
        assertEquals("dlv-digest", request.header("Idempotency-Key"));
        assertTrue(WebhookSignature.verify(
                request.header("X-Geoalert-Signature"), request.body(), "old-secret", NOW, Duration.ofMinutes(5)));
    }

    @Test
    void sendsAStructuredCloudEventWhenAskedFor() throws IOException {
        Delivery delivery = TestDeliveries.instant(ALERT);
        assertEquals(
                new Outcome.Sent(200), webhook(Map.of("format", "cloudevents")).send(delivery));

        RecordingReceiver.Request request = receiver.only();
        assertEquals("application/cloudevents+json", request.header("Content-Type"));
        JsonNode event = Json.MAPPER.readTree(request.body());
        assertEquals("1.0", event.get("specversion").asText());
        assertEquals("io.geoalert.alert", event.get("type").asText());
        assertEquals("/geoalert", event.get("source").asText());
        assertEquals("dlv-1", event.get("id").asText());
        assertEquals(NOW, Instant.parse(event.get("time").asText()));
        assertEquals("application/json", event.get("datacontenttype").asText());
        assertEquals(Json.MAPPER.readTree(delivery.alertJson().get(0)), event.get("data"));
        assertTrue(new String(request.body(), StandardCharsets.UTF_8)
                .endsWith("\"data\":" + new String(delivery.alertJson().get(0), StandardCharsets.UTF_8) + "}"));
        assertTrue(WebhookSignature.verify(
                request.header("X-Geoalert-Signature"), request.body(), "old-secret", NOW, Duration.ofMinutes(5)));
    }

    @Test
    void aDigestCloudEventHasItsOwnTypeAndTheAlertsArrayAsData() throws IOException {
        Delivery digest = TestDeliveries.digest(List.of(ALERT, alert("a2", "cyber", "Grid attack", NOW)));
        webhook(Map.of("format", "cloudevents")).send(digest);

        JsonNode event = Json.MAPPER.readTree(receiver.only().body());
        assertEquals("io.geoalert.alert.digest", event.get("type").asText());
        assertEquals(2, event.get("data").get("alerts").size());
        assertEquals("a1", event.get("data").get("alerts").get(0).get("alertId").asText());
    }

    @Test
    void marksATestDelivery() {
        webhook(Map.of()).send(TestDeliveries.test(ALERT));
        assertEquals("true", receiver.only().header("X-Geoalert-Test"));
    }

    @Test
    void classifiesStatusesAsSentRetryOrRefused() {
        Channel channel = webhook(Map.of());
        Delivery delivery = TestDeliveries.instant(ALERT);
        for (int status : new int[] {200, 201, 202, 204}) {
            receiver.answer(status);
            assertEquals(new Outcome.Sent(status), channel.send(delivery));
        }
        for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
            receiver.answer(status);
            Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, channel.send(delivery), "status " + status);
            assertEquals(status, retry.status());
            assertEquals("HTTP " + status, retry.error());
            assertNull(retry.after());
        }
        for (int status : new int[] {301, 400, 401, 403, 404, 410, 422}) {
            receiver.answer(status);
            Outcome.Refused refused =
                    assertInstanceOf(Outcome.Refused.class, channel.send(delivery), "status " + status);
            assertEquals(status, refused.status());
        }
        assertEquals(17, receiver.requests().size());
    }

    @Test
    void saysWhyTheDestinationRefused() {
        receiver.answer(400, Map.of(), "invalid_payload\u001b[2J");
        Outcome.Refused refused =
                assertInstanceOf(Outcome.Refused.class, webhook(Map.of()).send(TestDeliveries.instant(ALERT)));
        assertEquals("HTTP 400: invalid_payload [2J", refused.error());
    }

    @Test
    void honoursRetryAfterInSecondsAndAsADate() {
        Channel channel = webhook(Map.of());
        receiver.answer(503, Map.of("Retry-After", "30"), "");
        Outcome.Retry seconds = assertInstanceOf(Outcome.Retry.class, channel.send(TestDeliveries.instant(ALERT)));
        assertEquals(Duration.ofSeconds(30), seconds.after());

        receiver.answer(429, Map.of("Retry-After", "Sun, 29 Nov 2026 10:02:00 GMT"), "");
        Outcome.Retry date = assertInstanceOf(Outcome.Retry.class, channel.send(TestDeliveries.instant(ALERT)));
        assertEquals(Duration.ofMinutes(2), date.after());
        assertEquals(429, date.status());
    }

    @Test
    void aReceiverThatIsDownIsWorthARetry() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Channel channel = channels.create(new Subscription(
                "sub-1",
                "ops",
                true,
                1,
                null,
                new Subscription.ChannelSpec(
                        "webhook", Map.of("url", "http://127.0.0.1:" + closedPort + "/", "secrets", List.of("s"))),
                null,
                null,
                null));
        Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, channel.send(TestDeliveries.instant(ALERT)));
        assertEquals(0, retry.status());
        assertTrue(retry.error().startsWith("connection failed"), retry.error());
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsWorthARetry() {
        receiver.holdAnswers();
        Outcome outcome = webhook(Map.of("timeout", "1s")).send(TestDeliveries.instant(ALERT));
        Outcome.Retry retry = assertInstanceOf(Outcome.Retry.class, outcome);
        assertEquals("no response within 1s", retry.error());
        assertEquals(1, receiver.requests().size());
    }
}
