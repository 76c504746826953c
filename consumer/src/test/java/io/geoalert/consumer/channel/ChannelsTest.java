package io.geoalert.consumer.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.geoalert.consumer.subscription.SecretRef;
import io.geoalert.consumer.subscription.Subscription;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelsTest {

    private final Channels channels = new Channels(
            Channels.httpClient(), Clock.systemUTC(), new SecretRef(Map.of("SET", "value")::get), System.out, false);

    private Channel create(String type, Map<String, Object> settings) {
        return channels.create(new Subscription(
                "sub-1", "ops", true, 1, null, new Subscription.ChannelSpec(type, settings), null, null, null));
    }

    private String error(String type, Map<String, Object> settings) {
        return assertThrows(IllegalArgumentException.class, () -> create(type, settings))
                .getMessage();
    }

    private static Map<String, Object> webhook(Map<String, Object> changes) {
        Map<String, Object> settings =
                new HashMap<>(Map.of("url", "https://hooks.example.org/x", "secrets", List.of("s")));
        settings.putAll(changes);
        return settings;
    }

    private static Map<String, Object> email(Map<String, Object> changes) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "to",
                List.of("a@example.org"),
                "from",
                "alerts@example.org",
                "smtp",
                Map.of("host", "smtp.example.org")));
        settings.putAll(changes);
        return settings;
    }

    @Test
    void buildsEachChannelTheSubscriptionNames() {
        assertInstanceOf(WebhookChannel.class, create("webhook", webhook(Map.of())));
        assertInstanceOf(SlackChannel.class, create("slack", Map.of("url", "https://hooks.slack.com/services/T/B/x")));
        assertInstanceOf(TeamsChannel.class, create("teams", Map.of("url", "https://example.org/workflows/x")));
        assertInstanceOf(EmailChannel.class, create("email", email(Map.of())));
        assertInstanceOf(TerminalChannel.class, create("terminal", Map.of()));
        JsonLinesFileChannel file =
                assertInstanceOf(JsonLinesFileChannel.class, create("file", Map.of("path", "data/x.jsonl")));
        assertEquals(Path.of("data/x.jsonl").toAbsolutePath(), file.file());
        assertEquals("webhook", create("Webhook", webhook(Map.of())).type());
    }

    @Test
    void namesTheFieldOfEveryWebhookSettingItRefuses() {
        assertEquals(
                "channel.type 'pager' is unknown; expected webhook, slack, teams, email, terminal or file",
                error("pager", Map.of()));
        assertEquals("channel.url is required", error("webhook", Map.of("secrets", List.of("s"))));
        assertEquals(
                "channel.url must be an http or https URL", error("webhook", webhook(Map.of("url", "ftp://x.org/"))));
        assertEquals(
                "channel.url must be an http or https URL",
                error("webhook", webhook(Map.of("url", "javascript:alert(1)"))));
        assertEquals(
                "channel.url must not carry a user name or password",
                error("webhook", webhook(Map.of("url", "https://u:p@x.org/"))));
        assertEquals("channel.secrets is required", error("webhook", Map.of("url", "https://x.org/")));
        assertEquals(
                "channel.secrets must hold 1 to 2 values; has 3",
                error("webhook", webhook(Map.of("secrets", List.of("a", "b", "c")))));
        assertEquals(
                "channel.secrets[1] must be a non-empty string",
                error("webhook", webhook(Map.of("secrets", List.of("a", "")))));
        assertEquals(
                "channel.secrets[0]: ${env:UNSET} does not resolve: environment variable UNSET is not set",
                error("webhook", webhook(Map.of("secrets", List.of("${env:UNSET}")))));
        assertEquals(
                "channel.format must be raw or cloudevents; was 'xml'",
                error("webhook", webhook(Map.of("format", "xml"))));
        assertEquals(
                "channel.timeout must be a span like 10s; was 'soon'",
                error("webhook", webhook(Map.of("timeout", "soon"))));
        assertEquals(
                "channel.timeout must be more than 0s and at most 60s; was '5m'",
                error("webhook", webhook(Map.of("timeout", "5m"))));
        assertEquals(
                "channel.secret is not a webhook setting; expected format, secrets, timeout, url",
                error("webhook", webhook(Map.of("secret", "s"))));
    }

    @Test
    void neverQuotesAChatWebhookUrlInAnError() {
        // a Slack or Teams webhook URL is itself the credential
        String message = error("slack", Map.of("url", "hxxps://hooks.slack.com/services/T/B/SECRETTOKEN"));
        assertEquals("channel.url must be an http or https URL", message);
        String reference = error("teams", Map.of("url", "${env:UNSET}"));
        assertEquals("channel.url: ${env:UNSET} does not resolve: environment variable UNSET is not set", reference);
        String malformed = error("slack", Map.of("url", "https://hooks.slack.com/services/SECRETTOKEN path"));
        assertFalse(malformed.contains("SECRETTOKEN"), malformed);
    }

    @Test
    void namesTheFieldOfEveryEmailSettingItRefuses() {
        assertEquals("channel.to must hold 1 to 50 values; has 0", error("email", email(Map.of("to", List.of()))));
        assertEquals(
                "channel.to[1] is not an e-mail address: 'not an address'",
                error("email", email(Map.of("to", List.of("a@example.org", "not an address")))));
        assertEquals(
                "channel.from is required",
                error("email", Map.of("to", List.of("a@example.org"), "smtp", Map.of("host", "h"))));
        assertEquals(
                "channel.smtp is required",
                error("email", Map.of("to", List.of("a@example.org"), "from", "f@example.org")));
        assertEquals("channel.smtp.host is required", error("email", email(Map.of("smtp", Map.of("port", 25)))));
        assertEquals(
                "channel.smtp.port must be a port number (1-65535); was '70000'",
                error("email", email(Map.of("smtp", Map.of("host", "h", "port", 70000)))));
        assertEquals(
                "channel.smtp.starttls must be true or false; was 'maybe'",
                error("email", email(Map.of("smtp", Map.of("host", "h", "starttls", "maybe")))));
        assertEquals(
                "channel.smtp.password is required",
                error("email", email(Map.of("smtp", Map.of("host", "h", "username", "u")))));
        assertEquals(
                "channel.smtp.password: ${env:UNSET} does not resolve: environment variable UNSET is not set",
                error(
                        "email",
                        email(Map.of("smtp", Map.of("host", "h", "username", "u", "password", "${env:UNSET}")))));
        assertEquals(
                "channel.smtp.pasword is not a smtp setting; expected host, password, port, starttls, username",
                error("email", email(Map.of("smtp", Map.of("host", "h", "pasword", "x")))));
    }

    @Test
    void theSmtpPasswordNeverAppearsInTheServersDescription() {
        SmtpServer server = new SmtpServer("smtp.example.org", 587, true, "alerts", "hunter2");
        assertFalse(server.toString().contains("hunter2"), server.toString());
    }
}
