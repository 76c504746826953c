package io.geoalert.consumer.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionsTest {

    private static Subscription parse(String channel) {
        return SubscriptionParser.parse(SubscriptionParser.json(
                ("{\"id\": \"desk\", \"channel\": " + channel + "}").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void literalWebhookSecretsAreMaskedAndReferencesShown() {
        Subscription masked = Subscriptions.masked(
                parse(
                        "{\"type\": \"webhook\", \"url\": \"https://x.org/in\", \"secrets\": [\"${env:NEW}\", \"old-s3cret\"]}"));
        assertEquals(List.of("${env:NEW}", "****"), masked.channel().settings().get("secrets"));
        assertEquals("https://x.org/in", masked.channel().settings().get("url"));
        assertFalse(Json.toString(SubscriptionJson.write(masked)).contains("old-s3cret"));
    }

    @Test
    void slackAndTeamsUrlsAreSecretsThemselves() {
        Subscription slack = parse("{\"type\": \"slack\", \"url\": \"https://hooks.slack.com/services/T/B/tok3n\"}");
        assertEquals(
                Map.of("url", "****"), Subscriptions.masked(slack).channel().settings());
        Subscription teams = parse("{\"type\": \"teams\", \"url\": \"${file:/run/secrets/teams-url}\"}");
        assertEquals(
                Map.of("url", "${file:/run/secrets/teams-url}"),
                Subscriptions.masked(teams).channel().settings());
    }

    @Test
    void theSmtpPasswordIsMaskedAndTheRestOfTheServerShown() {
        Subscription mail = parse("{\"type\": \"email\", \"to\": [\"a@b.org\"], \"from\": \"c@d.org\","
                + " \"smtp\": {\"host\": \"smtp.b.org\", \"username\": \"alerts\", \"password\": \"hunter2\"}}");
        Subscription masked = Subscriptions.masked(mail);
        assertEquals(
                Map.of("host", "smtp.b.org", "port", 587, "starttls", true, "username", "alerts", "password", "****"),
                masked.channel().settings().get("smtp"));
        String shown = Json.toString(SubscriptionJson.write(masked));
        assertFalse(shown.contains("hunter2"), shown);
        assertTrue(shown.contains("\"password\":\"****\""), shown);
        // the original is left as it was: masking is for showing, never for storing
        assertEquals("hunter2", ((Map<?, ?>) mail.channel().settings().get("smtp")).get("password"));
    }

    @Test
    void channelsWithoutSecretsAreShownAsTheyAre() {
        Subscription file = parse("{\"type\": \"file\", \"path\": \"data/desk.jsonl\"}");
        assertSame(file, Subscriptions.masked(file));
    }

    @Test
    void aSubscriptionLoggedByMistakeDoesNotLogItsSecrets() {
        Subscription mail = parse("{\"type\": \"email\", \"to\": [\"a@b.org\"], \"from\": \"c@d.org\","
                + " \"smtp\": {\"host\": \"smtp.b.org\", \"username\": \"alerts\", \"password\": \"hunter2\"}}");
        Subscription hook = parse(
                "{\"type\": \"webhook\", \"url\": \"https://x.org/in\", \"secrets\": [\"${env:NEW}\", \"old-s3cret\"]}");
        assertFalse(mail.toString().contains("hunter2"), mail.toString());
        assertTrue(mail.toString().contains("password=****"), mail.toString());
        assertFalse(hook.toString().contains("old-s3cret"), hook.toString());
        assertTrue(hook.toString().contains("${env:NEW}"), hook.toString());
    }
}
