package io.geoalert.consumer.channel;

import static io.geoalert.consumer.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.consumer.subscription.SecretRef;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Severity;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackChannelTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private RecordingReceiver slack;
    private Channel channel;

    @BeforeEach
    void start() throws IOException {
        slack = new RecordingReceiver().answer(200, Map.of(), "ok");
        Channels channels = new Channels(
                Channels.httpClient(),
                Clock.systemUTC(),
                new SecretRef(
                        Map.of("SLACK_URL", slack.url("/services/T0/B0/xyz").toString())::get),
                System.out,
                false);
        channel = channels.create(new Subscription(
                "sub-1",
                "ops",
                true,
                1,
                null,
                new Subscription.ChannelSpec("slack", Map.of("url", "${env:SLACK_URL}")),
                null,
                null,
                null));
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private JsonNode sent(Delivery delivery) throws IOException {
        assertEquals(new Outcome.Sent(200), channel.send(delivery));
        RecordingReceiver.Request request = slack.only();
        assertEquals("/services/T0/B0/xyz", request.path());
        assertTrue(request.header("Content-Type").startsWith("application/json"), request.header("Content-Type"));
        return Json.MAPPER.readTree(request.body());
    }

    private static List<String> texts(JsonNode message) {
        List<String> texts = new ArrayList<>();
        message.get("blocks").forEach(block -> {
            if (block.has("text")) {
                texts.add(block.get("text").get("text").asText());
            }
            if (block.has("fields")) {
                block.get("fields").forEach(f -> texts.add(f.get("text").asText()));
            }
            if (block.has("elements")) {
                block.get("elements").forEach(e -> texts.add(e.get("text").asText()));
            }
        });
        return texts;
    }

    @Test
    void linksTheTitleToTheStoryAndShowsCategorySeverityRuleTermsAndEntities() throws IOException {
        JsonNode message = sent(TestDeliveries.instant(alert("a1", "sanctions", "Sanctions widened", NOW)));

        assertEquals("HIGH sanctions: Sanctions widened", message.get("text").asText());
        JsonNode blocks = message.get("blocks");
        assertEquals("section", blocks.get(0).get("type").asText());
        assertEquals("mrkdwn", blocks.get(0).get("text").get("type").asText());
        assertEquals(
                "*<https://x.org/a1|Sanctions widened>*",
                blocks.get(0).get("text").get("text").asText());
        JsonNode fields = blocks.get(1).get("fields");
        assertEquals("section", blocks.get(1).get("type").asText());
        assertEquals(
                List.of(
                        "*Category*\nsanctions",
                        "*Severity*\nHIGH",
                        "*Rule*\nrule-sanctions",
                        "*Matched terms*\nsanctions",
                        "*Entities*\nIran"),
                List.of(
                        fields.get(0).get("text").asText(),
                        fields.get(1).get("text").asText(),
                        fields.get(2).get("text").asText(),
                        fields.get(3).get("text").asText(),
                        fields.get(4).get("text").asText()));
        fields.forEach(f -> assertEquals("mrkdwn", f.get("type").asText()));
        assertEquals("context", blocks.get(2).get("type").asText());
    }

    @Test
    void escapesFeedTextSoItCannotInjectMarkupLinksOrMentions() throws IOException {
        Alert hostile = new Alert(
                "a1",
                "rule-x",
                1,
                "cyber",
                Severity.CRITICAL,
                9,
                null,
                "i1",
                "<script>&alert(1)</script> <!channel> <https://evil.example|click> \u001b[31mred",
                "https://x.org/story?a=1&b=2",
                "wire",
                null,
                NOW,
                List.of(new Alert.Match("t", "title", 0, 1, "<b>bold</b>")),
                List.of("A&B <Corp>"),
                null,
                1,
                1);
        JsonNode message = sent(TestDeliveries.instant(hostile));

        String title = message.get("blocks").get(0).get("text").get("text").asText();
        assertEquals(
                "*<https://x.org/story?a=1&amp;b=2|&lt;script&gt;&amp;alert(1)&lt;/script&gt; &lt;!channel&gt; "
                        + "&lt;https://evil.example|click&gt; [31mred>*",
                title);
        String all = String.join("\n", texts(message)) + message.get("text").asText();
        assertFalse(all.contains("<script>"), all);
        assertFalse(all.contains("<!channel>"), all);
        assertFalse(all.contains("\u001b"), all);
        assertTrue(all.contains("*Matched terms*\n&lt;b&gt;bold&lt;/b&gt;"), all);
        assertTrue(all.contains("*Entities*\nA&amp;B &lt;Corp&gt;"), all);
    }

    @Test
    void neverLinksAStoryUrlThatIsNotHttp() throws IOException {
        Alert alert = new Alert(
                "a1",
                "r",
                1,
                "cyber",
                Severity.LOW,
                1,
                null,
                "i1",
                "Title",
                "javascript:alert(1)",
                "wire",
                null,
                NOW,
                List.of(),
                List.of(),
                null,
                1,
                0);
        JsonNode message = sent(TestDeliveries.instant(alert));
        assertEquals(
                "*Title*", message.get("blocks").get(0).get("text").get("text").asText());
    }

    @Test
    void marksATestDeliveryClearly() throws IOException {
        JsonNode message = sent(TestDeliveries.test(alert("a1", "sanctions", "Sanctions widened", NOW)));
        assertTrue(
                message.get("text").asText().startsWith("TEST — "),
                message.get("text").asText());
        String first = message.get("blocks").get(0).get("text").get("text").asText();
        assertTrue(first.startsWith("*TEST — ") && first.contains("sub-1"), first);
    }

    @Test
    void aDigestIsOneMessageWithASectionPerAlertUpToTwentyThenACount() throws IOException {
        List<Alert> alerts = IntStream.rangeClosed(1, 25)
                .mapToObj(i -> alert("a" + i, "sanctions", "Story " + i + " <&>", NOW))
                .toList();
        JsonNode message = sent(TestDeliveries.digest(alerts));

        JsonNode blocks = message.get("blocks");
        assertEquals(
                "*geoalert digest: 25 alerts*",
                blocks.get(0).get("text").get("text").asText());
        assertEquals(1 + 20 + 1, blocks.size());
        assertTrue(
                blocks.get(1)
                        .get("text")
                        .get("text")
                        .asText()
                        .startsWith("*<https://x.org/a1|Story 1 &lt;&amp;&gt;>*\nHIGH · sanctions · rule-sanctions"),
                blocks.get(1).get("text").get("text").asText());
        assertTrue(blocks.get(20).get("text").get("text").asText().contains("|Story 20 "));
        assertEquals("context", blocks.get(21).get("type").asText());
        assertEquals(
                "and 5 more", blocks.get(21).get("elements").get(0).get("text").asText());
    }

    @Test
    void slackRefusingThePayloadIsRefused() {
        slack.answer(400, Map.of(), "invalid_blocks");
        Outcome.Refused refused = assertInstanceOf(
                Outcome.Refused.class, channel.send(TestDeliveries.instant(alert("a1", "c", "t", NOW))));
        assertEquals("HTTP 400: invalid_blocks", refused.error());
    }
}
