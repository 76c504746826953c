package io.geoalert.consumer.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionParserTest {

    private static Subscription parse(String json) {
        return SubscriptionParser.parse(SubscriptionParser.json(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The problems a subscription has; fails when it has none. */
    private static List<String> problems(String json) {
        return assertThrows(InvalidSubscriptionException.class, () -> parse(json))
                .problems();
    }

    private static void assertProblem(String expectedStart, String json) {
        List<String> problems = problems(json);
        assertTrue(
                problems.stream().anyMatch(p -> p.startsWith(expectedStart)),
                "expected a problem starting with '" + expectedStart + "', got " + problems);
    }

    private static String with(String channel) {
        return "{\"id\": \"desk\", \"channel\": " + channel + "}";
    }

    private static final String WEBHOOK =
            "{\"type\": \"webhook\", \"url\": \"https://hooks.example.org/geoalert\", \"secrets\": [\"s3cret\"]}";

    @Test
    void readsTheDocumentedWebhookExampleWithEveryPart() {
        Subscription s = parse("""
                {"id": "snapback-desk", "name": "Snapback desk", "enabled": true,
                 "filter": {"categories": ["snapback"], "rules": [], "entities": ["Iran", "E3"],
                            "minSeverity": "high", "text": "  UN Security Council "},
                 "channel": {"type": "webhook", "url": "https://desk.example.org/hooks/geoalert",
                             "secrets": ["${env:SNAPBACK_SECRET}", "old-secret"], "format": "cloudevents", "timeout": "10s"},
                 "schedule": {"mode": "digest", "every": "15m"},
                 "quietHours": {"from": "22:00", "to": "07:00", "zone": "Europe/Berlin", "except": "critical"},
                 "rateLimit": {"messages": 20, "per": "1h"}}
                """);
        assertEquals("snapback-desk", s.id());
        assertEquals("Snapback desk", s.name());
        assertTrue(s.enabled());
        assertEquals(0, s.version());
        assertEquals(List.of("snapback"), s.filter().categories());
        assertEquals(List.of(), s.filter().rules());
        assertEquals(List.of("Iran", "E3"), s.filter().entities());
        assertEquals(Severity.HIGH, s.filter().minSeverity());
        assertEquals("UN Security Council", s.filter().text());
        assertEquals("webhook", s.channel().type());
        assertEquals(
                Map.of(
                        "url", "https://desk.example.org/hooks/geoalert",
                        "secrets", List.of("${env:SNAPBACK_SECRET}", "old-secret"),
                        "format", "cloudevents",
                        "timeout", "10s"),
                s.channel().settings());
        assertEquals(new Schedule(Schedule.Mode.DIGEST, Duration.ofMinutes(15)), s.schedule());
        assertEquals(
                new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), ZoneId.of("Europe/Berlin"), Severity.CRITICAL),
                s.quietHours());
        assertEquals(new RateLimit(20, Duration.ofHours(1)), s.rateLimit());
    }

    @Test
    void aMinimalSubscriptionTakesEveryAlertInstantlyAndSendsRawSignedJson() {
        Subscription s = parse(with(WEBHOOK));
        assertEquals(AlertFilter.ALL, s.filter());
        assertEquals(Schedule.INSTANT, s.schedule());
        assertTrue(s.enabled());
        assertNull(s.quietHours());
        assertNull(s.rateLimit());
        assertEquals("raw", s.channel().settings().get("format"));
        assertFalse(s.channel().settings().containsKey("timeout"));
    }

    @Test
    void readsSlackTeamsTerminalAndFileChannels() {
        Subscription slack =
                parse(with("{\"type\": \"slack\", \"url\": \"https://hooks.slack.com/services/T0/B0/x\"}"));
        assertEquals(
                Map.of("url", "https://hooks.slack.com/services/T0/B0/x"),
                slack.channel().settings());
        Subscription slackByReference = parse(with("{\"type\": \"slack\", \"url\": \"${env:SLACK_URL}\"}"));
        assertEquals("${env:SLACK_URL}", slackByReference.channel().settings().get("url"));

        Subscription teams = parse(with(
                "{\"type\": \"teams\", \"url\": \"https://prod-1.westeurope.logic.azure.com/workflows/x?sig=y\"}"));
        assertEquals("teams", teams.channel().type());
        assertEquals(
                "https://prod-1.westeurope.logic.azure.com/workflows/x?sig=y",
                teams.channel().settings().get("url"));

        Subscription terminal = parse(with("{\"type\": \"terminal\"}"));
        assertEquals(new Subscription.ChannelSpec("terminal", Map.of()), terminal.channel());

        Subscription file = parse(with("{\"type\": \"file\", \"path\": \"data/alerts-desk.jsonl\"}"));
        assertEquals(Map.of("path", "data/alerts-desk.jsonl"), file.channel().settings());
    }

    @Test
    void readsAnEmailChannelWithItsSmtpServerAndFillsInThePortAndStarttls() {
        Subscription s = parse(with("""
                {"type": "email", "to": ["analyst@example.org", "desk@example.org"], "from": "Geoalert <alerts@example.org>",
                 "smtp": {"host": "smtp.example.org", "username": "alerts", "password": "${env:SMTP_PASSWORD}"}}
                """));
        assertEquals(
                List.of("analyst@example.org", "desk@example.org"),
                s.channel().settings().get("to"));
        assertEquals("Geoalert <alerts@example.org>", s.channel().settings().get("from"));
        assertEquals(
                Map.of(
                        "host", "smtp.example.org",
                        "port", 587,
                        "starttls", true,
                        "username", "alerts",
                        "password", "${env:SMTP_PASSWORD}"),
                s.channel().settings().get("smtp"));

        Subscription single = parse(with("{\"type\": \"email\", \"to\": \"a@localhost\", \"from\": \"b@localhost\","
                + " \"smtp\": {\"host\": \"127.0.0.1\", \"port\": 3025, \"starttls\": false}}"));
        assertEquals(List.of("a@localhost"), single.channel().settings().get("to"));
        assertEquals(
                Map.of("host", "127.0.0.1", "port", 3025, "starttls", false),
                single.channel().settings().get("smtp"));
    }

    @Test
    void readsYamlAsWellAsJson() {
        Subscription s = SubscriptionParser.parse(SubscriptionParser.yaml("""
                id: treaty-mail
                filter: {categories: [treaty], minSeverity: medium}
                channel:
                  type: email
                  to: [desk@example.org]
                  from: alerts@example.org
                  smtp: {host: smtp.example.org, port: 465}
                schedule: {mode: digest, every: 1h}
                """.getBytes(StandardCharsets.UTF_8)));
        assertEquals("treaty-mail", s.id());
        assertEquals(Duration.ofHours(1), s.schedule().every());
        assertEquals(Severity.MEDIUM, s.filter().minSeverity());
    }

    @Test
    void whatIsWrittenReadsBackToTheSameSubscription() {
        Subscription original = parse("""
                {"id": "all-parts", "name": "n", "enabled": false,
                 "filter": {"categories": ["nuclear"], "rules": ["r1"], "entities": ["Iran"], "minSeverity": "low", "text": "t"},
                 "channel": {"type": "email", "to": ["a@example.org"], "from": "b@example.org",
                             "smtp": {"host": "h.example.org", "port": 25, "starttls": false, "username": "u", "password": "p"}},
                 "schedule": {"mode": "digest", "every": "90m"},
                 "quietHours": {"from": "08:30", "to": "09:00", "zone": "Asia/Tehran"},
                 "rateLimit": {"messages": 3, "per": "2d"}}
                """);
        JsonNode written = SubscriptionJson.write(original);
        assertEquals(original, SubscriptionParser.parse(written));
        assertEquals("90m", written.at("/schedule/every").asText());
        assertEquals(
                original,
                SubscriptionParser.parse(SubscriptionJson.writeWithVersion(Subscriptions.withVersion(original, 7))));
        Subscription webhook = parse(with(WEBHOOK));
        assertEquals(webhook, SubscriptionParser.parse(SubscriptionJson.write(webhook)));
    }

    @Test
    void anIdMayComeFromOutsideTheBodyAndMustBeAUsableKey() {
        assertEquals(
                "from-path",
                SubscriptionParser.parse(
                                SubscriptionParser.json(
                                        ("{\"channel\": " + WEBHOOK + "}").getBytes(StandardCharsets.UTF_8)),
                                "from-path")
                        .id());
        assertProblem("id is missing", "{\"channel\": " + WEBHOOK + "}");
        assertProblem(
                "id 'Snapback Desk' must be 1-64 lower-case letters",
                "{\"id\": \"Snapback Desk\", \"channel\": " + WEBHOOK + "}");
        assertProblem("id '-x' must be", "{\"id\": \"-x\", \"channel\": " + WEBHOOK + "}");
        assertProblem("id 'aaaaaaaa", "{\"id\": \"" + "a".repeat(65) + "\", \"channel\": " + WEBHOOK + "}");
    }

    @Test
    void unknownFieldsAndChannelTypesAreNamed() {
        assertProblem(
                "colour is not a field of a subscription; expected id, name, enabled",
                "{\"id\": \"x\", \"colour\": \"red\", \"channel\": " + WEBHOOK + "}");
        assertProblem(
                "filter.severity is not a field of a filter; expected categories, rules, entities, minSeverity, text",
                "{\"id\": \"x\", \"filter\": {\"severity\": \"high\"}, \"channel\": " + WEBHOOK + "}");
        assertProblem(
                "channel.type 'pager' is not a channel type; expected one of email, file, slack, teams, terminal, webhook",
                with("{\"type\": \"pager\"}"));
        assertProblem(
                "channel.secret is not a field of a webhook channel; expected type, format, secrets, timeout, url",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"a\"], \"secret\": \"b\"}"));
        assertProblem(
                "channel.url is not a field of a terminal channel",
                with("{\"type\": \"terminal\", \"url\": \"https://x.org\"}"));
        assertProblem(
                "channel.smtp.tls is not a field of the SMTP settings",
                with(
                        "{\"type\": \"email\", \"to\": [\"a@b.org\"], \"from\": \"c@d.org\", \"smtp\": {\"host\": \"h\", \"tls\": true}}"));
        assertProblem(
                "schedule.at is not a field of a schedule",
                with(WEBHOOK).replace("}}", "}, \"schedule\": {\"mode\": \"instant\", \"at\": 1}}"));
        assertProblem("channel.type is missing", with("{\"url\": \"https://x.org\"}"));
        assertProblem("channel is missing", "{\"id\": \"x\"}");
    }

    @Test
    void eachChannelNamesTheSettingItLacks() {
        assertProblem("channel.url is missing", with("{\"type\": \"webhook\", \"secrets\": [\"a\"]}"));
        assertProblem("channel.secrets is missing", with("{\"type\": \"webhook\", \"url\": \"https://x.org\"}"));
        assertProblem("channel.url is missing", with("{\"type\": \"slack\"}"));
        assertProblem("channel.url is missing", with("{\"type\": \"teams\"}"));
        assertProblem(
                "channel.to is missing",
                with("{\"type\": \"email\", \"from\": \"a@b.org\", \"smtp\": {\"host\": \"h\"}}"));
        assertProblem(
                "channel.from is missing",
                with("{\"type\": \"email\", \"to\": [\"a@b.org\"], \"smtp\": {\"host\": \"h\"}}"));
        assertProblem(
                "channel.smtp is missing", with("{\"type\": \"email\", \"to\": [\"a@b.org\"], \"from\": \"a@b.org\"}"));
        assertProblem(
                "channel.smtp.host is missing",
                with("{\"type\": \"email\", \"to\": [\"a@b.org\"], \"from\": \"a@b.org\", \"smtp\": {\"port\": 25}}"));
        assertProblem("channel.path is missing", with("{\"type\": \"file\"}"));
    }

    @Test
    void badChannelSettingsNameTheirField() {
        assertProblem(
                "channel.url must be an http(s) URL; was 'ftp://x.org/in'",
                with("{\"type\": \"webhook\", \"url\": \"ftp://x.org/in\", \"secrets\": [\"a\"]}"));
        assertProblem(
                "channel.url must be an http(s) URL",
                with("{\"type\": \"webhook\", \"url\": \"not a url\", \"secrets\": [\"a\"]}"));
        assertProblem(
                "channel.url must not hold a user name or password",
                with("{\"type\": \"webhook\", \"url\": \"https://u:p@x.org/in\", \"secrets\": [\"a\"]}"));
        assertProblem(
                "channel.url must be an https URL (http only to localhost)",
                with("{\"type\": \"slack\", \"url\": \"http://hooks.slack.com/services/x\"}"));
        assertEquals(
                "http://127.0.0.1:8123/slack",
                parse(with("{\"type\": \"teams\", \"url\": \"http://127.0.0.1:8123/slack\"}"))
                        .channel()
                        .settings()
                        .get("url"));
        assertProblem(
                "channel.secrets holds 3 secrets; at most two are active at once",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"a\", \"b\", \"c\"]}"));
        assertProblem(
                "channel.secrets must hold one secret",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": []}"));
        assertProblem(
                "channel.secrets[1] repeats 'a'",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"a\", \"a\"]}"));
        assertProblem(
                "channel.format 'xml' must be raw or cloudevents",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"a\"], \"format\": \"xml\"}"));
        assertProblem(
                "channel.timeout must be between 1s and 1m",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"a\"], \"timeout\": \"1h\"}"));
        assertProblem(
                "channel.timeout must be between 1s and 1m", // the longest the HTTP channels wait
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"a\"], \"timeout\": \"2m\"}"));
        assertProblem(
                "channel.to[1] 'nobody' is not an e-mail address",
                with(
                        "{\"type\": \"email\", \"to\": [\"a@b.org\", \"nobody\"], \"from\": \"a@b.org\", \"smtp\": {\"host\": \"h\"}}"));
        assertProblem(
                "channel.smtp.port must be a port number between 1 and 65535; was 70000",
                with(
                        "{\"type\": \"email\", \"to\": [\"a@b.org\"], \"from\": \"a@b.org\", \"smtp\": {\"host\": \"h\", \"port\": 70000}}"));
        assertProblem(
                "channel.smtp.password is missing: channel.smtp.username is given",
                with(
                        "{\"type\": \"email\", \"to\": [\"a@b.org\"], \"from\": \"a@b.org\", \"smtp\": {\"host\": \"h\", \"username\": \"u\"}}"));
        assertProblem(
                "channel.smtp.starttls must be true or false; was 'yes'",
                with(
                        "{\"type\": \"email\", \"to\": [\"a@b.org\"], \"from\": \"a@b.org\", \"smtp\": {\"host\": \"h\", \"starttls\": \"yes\"}}"));
        assertProblem(
                "channel.path '/home/me/.bashrc' must name a JSON-lines file ending in .jsonl",
                with("{\"type\": \"file\", \"path\": \"/home/me/.bashrc\"}"));
    }

    @Test
    void secretsMustBeLiteralsOrWellFormedReferencesAndNeverTheMask() {
        assertProblem(
                "channel.secrets[0] '${vault:x}' is an unknown kind of reference 'vault'",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"${vault:x}\"]}"));
        assertProblem(
                "channel.secrets[0] '${env:NOT-A-NAME}' does not name an environment variable",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"${env:NOT-A-NAME}\"]}"));
        assertProblem(
                "channel.secrets[0] '${env:X' is not a reference",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"${env:X\"]}"));
        assertProblem(
                "channel.secrets[0] is the mask '****'",
                with("{\"type\": \"webhook\", \"url\": \"https://x.org\", \"secrets\": [\"****\"]}"));
        assertProblem("channel.url is the mask '****'", with("{\"type\": \"slack\", \"url\": \"****\"}"));
        assertProblem(
                "channel.smtp.password is the mask '****'",
                with("{\"type\": \"email\", \"to\": [\"a@b.org\"], \"from\": \"a@b.org\","
                        + " \"smtp\": {\"host\": \"h\", \"username\": \"u\", \"password\": \"****\"}}"));
        assertProblem(
                "channel.url must be a URL; a webhook's URL is not a secret",
                with("{\"type\": \"webhook\", \"url\": \"${env:URL}\", \"secrets\": [\"a\"]}"));
    }

    @Test
    void scheduleQuietHoursAndRateLimitNameTheirField() {
        String base = "{\"id\": \"x\", \"channel\": " + WEBHOOK + ", ";
        assertProblem(
                "schedule.every must be a span like 30s, 15m, 1h or 1d; was 'soon'",
                base + "\"schedule\": {\"mode\": \"digest\", \"every\": \"soon\"}}");
        assertProblem("schedule.every is missing", base + "\"schedule\": {\"mode\": \"digest\"}}");
        assertProblem(
                "schedule.every must be between 1s and 7d; was '0m'",
                base + "\"schedule\": {\"mode\": \"digest\", \"every\": \"0m\"}}");
        assertProblem(
                "schedule.every is for digests", base + "\"schedule\": {\"mode\": \"instant\", \"every\": \"5m\"}}");
        assertProblem(
                "schedule.mode 'hourly' must be instant or digest", base + "\"schedule\": {\"mode\": \"hourly\"}}");
        assertProblem(
                "quietHours.zone 'Mars/Base' is not a time zone",
                base + "\"quietHours\": {\"from\": \"22:00\", \"to\": \"07:00\", \"zone\": \"Mars/Base\"}}");
        assertProblem(
                "quietHours.from '10pm' must be a time of day as HH:mm",
                base + "\"quietHours\": {\"from\": \"10pm\", \"to\": \"07:00\", \"zone\": \"UTC\"}}");
        assertProblem(
                "quietHours.to must differ from quietHours.from",
                base + "\"quietHours\": {\"from\": \"07:00\", \"to\": \"07:00\", \"zone\": \"UTC\"}}");
        assertProblem(
                "quietHours.except 'urgent' must be low, medium, high or critical",
                base
                        + "\"quietHours\": {\"from\": \"22:00\", \"to\": \"07:00\", \"zone\": \"UTC\", \"except\": \"urgent\"}}");
        assertProblem(
                "rateLimit.messages must be a whole number of at least 1; was 0",
                base + "\"rateLimit\": {\"messages\": 0, \"per\": \"1h\"}}");
        assertProblem("rateLimit.per is missing", base + "\"rateLimit\": {\"messages\": 5}}");
        assertProblem(
                "filter.minSeverity 'severe' must be low, medium, high or critical",
                base + "\"filter\": {\"minSeverity\": \"severe\"}}");
        assertProblem(
                "filter.categories[0] 'Snapback' is not a category name",
                base + "\"filter\": {\"categories\": [\"Snapback\"]}}");
        assertProblem(
                "filter.entities must be a list of strings; was 'Iran'",
                base + "\"filter\": {\"entities\": \"Iran\"}}");
        assertProblem("enabled must be true or false; was 'yes'", base + "\"enabled\": \"yes\"}");
        assertProblem("name must not hold control characters", base + "\"name\": \"a\\nb\"}");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = problems("""
                {"id": "Bad Id", "channel": {"type": "webhook", "url": "ftp://x"},
                 "quietHours": {"from": "22:00", "to": "07:00", "zone": "Mars/Base"},
                 "schedule": {"mode": "digest", "every": "whenever"}}
                """);
        assertEquals(5, problems.size(), problems.toString());
        List<String> fields =
                problems.stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
        assertEquals(List.of("id", "channel.url", "channel.secrets", "schedule.every", "quietHours.zone"), fields);
    }

    @Test
    void problemsCarryTheCallersPrefixSoAConfigFileCanNameTheEntry() {
        List<String> problems = new ArrayList<>();
        Subscription s = SubscriptionParser.parse(
                SubscriptionParser.json("{\"id\": \"x\", \"channel\": {\"type\": \"slack\", \"url\": \"nope\"}}"
                        .getBytes(StandardCharsets.UTF_8)),
                null,
                "subscriptions[2]",
                problems);
        assertNull(s);
        assertEquals(List.of("subscriptions[2].channel.url must be an https URL (http only to localhost)"), problems);
    }

    @Test
    void aBodyThatIsNotJsonOrRepeatsAKeyIsRefusedSayingWhere() {
        InvalidSubscriptionException notJson = assertThrows(
                InvalidSubscriptionException.class,
                () -> SubscriptionParser.json("{\"id\": ".getBytes(StandardCharsets.UTF_8)));
        assertTrue(notJson.getMessage().startsWith("(document) is not JSON (line 1"), notJson.getMessage());
        InvalidSubscriptionException repeated = assertThrows(
                InvalidSubscriptionException.class,
                () -> SubscriptionParser.json("{\"id\": \"a\", \"id\": \"b\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(repeated.getMessage().contains("Duplicate field 'id'"), repeated.getMessage());
        assertProblem("(subscription) must be an object", "[1, 2]");
    }
}
