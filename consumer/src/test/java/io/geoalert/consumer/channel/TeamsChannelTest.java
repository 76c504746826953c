package io.geoalert.consumer.channel;

import static io.geoalert.consumer.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeamsChannelTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private RecordingReceiver teams;
    private Channel channel;

    @BeforeEach
    void start() throws IOException {
        // a Workflows webhook answers 202 Accepted
        teams = new RecordingReceiver().answer(202);
        channel = new Channels(Channels.httpClient(), Clock.systemUTC(), new SecretRef(name -> null), System.out, false)
                .create(new Subscription(
                        "sub-1",
                        "ops",
                        true,
                        1,
                        null,
                        new Subscription.ChannelSpec(
                                "teams",
                                Map.of("url", teams.url("/workflows/abc").toString())),
                        null,
                        null,
                        null));
    }

    @AfterEach
    void stop() {
        teams.close();
    }

    /** The Adaptive Card inside the message, after checking the envelope Teams expects. */
    private JsonNode card(Delivery delivery) throws IOException {
        assertEquals(new Outcome.Sent(202), channel.send(delivery));
        JsonNode message = Json.MAPPER.readTree(teams.only().body());
        assertEquals("message", message.get("type").asText());
        assertEquals(1, message.get("attachments").size());
        JsonNode attachment = message.get("attachments").get(0);
        assertEquals(
                "application/vnd.microsoft.card.adaptive",
                attachment.get("contentType").asText());
        JsonNode card = attachment.get("content");
        assertEquals("AdaptiveCard", card.get("type").asText());
        assertEquals("1.4", card.get("version").asText());
        return card;
    }

    @Test
    void showsTheTitleAsALinkToTheStoryAndTheAlertsFacts() throws IOException {
        JsonNode card = card(TestDeliveries.instant(alert("a1", "sanctions", "Sanctions widened", NOW)));

        JsonNode title = card.get("body").get(0);
        assertEquals("Container", title.get("type").asText());
        assertEquals("Action.OpenUrl", title.get("selectAction").get("type").asText());
        assertEquals("https://x.org/a1", title.get("selectAction").get("url").asText());
        JsonNode text = title.get("items").get(0);
        assertEquals("TextBlock", text.get("type").asText());
        assertEquals("Sanctions widened", text.get("text").asText());
        assertTrue(text.get("wrap").asBoolean());

        JsonNode facts = card.get("body").get(1);
        assertEquals("FactSet", facts.get("type").asText());
        assertEquals("Category", facts.get("facts").get(0).get("title").asText());
        assertEquals("sanctions", facts.get("facts").get(0).get("value").asText());
        assertEquals("HIGH", facts.get("facts").get(1).get("value").asText());
        assertEquals("rule-sanctions", facts.get("facts").get(2).get("value").asText());
        assertEquals("sanctions", facts.get("facts").get(3).get("value").asText());
        assertEquals("Iran", facts.get("facts").get(4).get("value").asText());

        JsonNode action = card.get("actions").get(0);
        assertEquals("Action.OpenUrl", action.get("type").asText());
        assertEquals("https://x.org/a1", action.get("url").asText());
    }

    @Test
    void escapesMarkdownAndHtmlAndStripsControlCharacters() throws IOException {
        Alert hostile = new Alert(
                "a1",
                "r",
                1,
                "cyber",
                Severity.CRITICAL,
                9,
                null,
                "i1",
                "<script>&alert(1)</script> **bold** [click](https://evil.example)\u0007\r\n# heading",
                "https://x.org/a1",
                "wire",
                null,
                NOW,
                List.of(),
                List.of("_under_"),
                null,
                1,
                0);
        JsonNode card = card(TestDeliveries.instant(hostile));

        String title = card.get("body").get(0).get("items").get(0).get("text").asText();
        assertEquals(
                "\\<script\\>\\&alert\\(1\\)\\</script\\> \\*\\*bold\\*\\* \\[click\\]\\(https://evil.example\\) \\# heading",
                title);
        assertFalse(title.contains("<script>"), title);
        assertEquals(
                "\\_under\\_",
                card.get("body").get(1).get("facts").get(4).get("value").asText());
        String json = card.toString();
        assertFalse(json.contains("\\u0007") || json.contains("\\r") || json.contains("\\n"), json);
    }

    @Test
    void escapesListMarkersAtTheStart() {
        assertEquals("\\- not a bullet", TeamsChannel.escape("- not a bullet"));
        assertEquals("1999\\. a year", TeamsChannel.escape("1999. a year"));
        assertEquals("a-b 1.5", TeamsChannel.escape("a-b 1.5"));
    }

    @Test
    void marksATestDeliveryClearly() throws IOException {
        JsonNode card = card(TestDeliveries.test(alert("a1", "sanctions", "Sanctions widened", NOW)));
        String first = card.get("body").get(0).get("text").asText();
        assertTrue(first.startsWith("**TEST — ") && first.contains("sub-1"), first);
    }

    @Test
    void aDigestListsUpToTwentyAlertsEachLinkedThenACount() throws IOException {
        List<Alert> alerts = IntStream.rangeClosed(1, 23)
                .mapToObj(i -> alert("a" + i, "sanctions", "Story " + i, NOW))
                .toList();
        JsonNode card = card(TestDeliveries.digest(alerts));

        JsonNode body = card.get("body");
        assertEquals("geoalert digest: 23 alerts", body.get(0).get("text").asText());
        assertEquals(1 + 20 + 1, body.size());
        JsonNode first = body.get(1);
        assertEquals("https://x.org/a1", first.get("selectAction").get("url").asText());
        assertEquals("Story 1", first.get("items").get(0).get("text").asText());
        assertEquals("and 3 more", body.get(21).get("text").asText());
    }
}
