package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.subscription.InvalidSubscriptionException;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.NewsLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigOptionsTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreDefaults() {
        NewsLimits.install(NewsLimits.DEFAULTS);
    }

    private ConfigOptions config(String yaml) throws Exception {
        ConfigOptions options = new ConfigOptions();
        options.file = Files.writeString(dir.resolve("geoalert.yaml"), yaml);
        return options;
    }

    @Test
    void limitsFromTheConfigFileAreInForceAndTheRestKeepTheirDefaults() throws Exception {
        NewsLimits limits =
                config("limits:\n  maxBodyChars: 200000\n  maxTags: 10\n").installLimits();
        assertEquals(200_000, limits.maxBodyChars());
        assertEquals(10, limits.maxTags());
        assertEquals(NewsLimits.DEFAULTS.maxTitleChars(), limits.maxTitleChars());
        assertEquals(limits, NewsLimits.inForce());
    }

    @Test
    void aBadLimitNamesItsKey() throws Exception {
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> config("limits:\n  maxBody: 5\n").installLimits());
        assertTrue(unknown.getMessage().startsWith("limits.maxBody "), unknown.getMessage());
        IllegalArgumentException notANumber = assertThrows(
                IllegalArgumentException.class,
                () -> config("limits:\n  maxTags: lots\n").installLimits());
        assertTrue(
                notANumber.getMessage().startsWith("limits.maxTags must be a whole number"), notANumber.getMessage());
        assertEquals(NewsLimits.DEFAULTS, NewsLimits.inForce());
    }

    @Test
    void subscriptionsFromTheConfigFileAreReadOnceWithTheirChannelsAndSchedules() throws Exception {
        ConfigOptions options = config("""
                subscriptions:
                  - id: snapback-desk
                    filter: {categories: [snapback], entities: [Iran, E3], minSeverity: high}
                    channel: {type: webhook, url: "https://desk.example.org/in", secrets: ["${env:SNAPBACK_SECRET}"]}
                    schedule: {mode: digest, every: 15m}
                  - id: terminal
                    channel: {type: terminal}
                """);
        List<Subscription> subscriptions = options.subscriptions();
        assertEquals(
                List.of("snapback-desk", "terminal"),
                subscriptions.stream().map(Subscription::id).toList());
        assertEquals(Duration.ofMinutes(15), subscriptions.get(0).schedule().every());
        assertEquals(
                List.of("${env:SNAPBACK_SECRET}"),
                subscriptions.get(0).channel().settings().get("secrets"));
        Files.delete(options.file);
        assertEquals(subscriptions, options.subscriptions(), "read once");
        assertEquals(List.of(), config("limits: {}\n").subscriptions());
    }

    @Test
    void everyBadSubscriptionInTheConfigFileIsNamedByItsKey() throws Exception {
        InvalidSubscriptionException bad = assertThrows(
                InvalidSubscriptionException.class, () -> config("""
                                subscriptions:
                                  - id: fine
                                    channel: {type: terminal}
                                  - id: late-night
                                    channel: {type: slack, url: "https://hooks.slack.com/services/x"}
                                    quietHours: {from: "22:00", to: "07:00", zone: Mars/Base}
                                  - id: broken
                                    channel: {type: webhook, url: "ftp://x.org", secrets: [s]}
                                  - id: fine
                                    channel: {type: pager}
                                  - id: fine
                                    channel: {type: terminal}
                                """).subscriptions());
        assertEquals(
                List.of(
                        "subscriptions[1].quietHours.zone 'Mars/Base' is not a time zone; use a region such as Europe/Berlin",
                        "subscriptions[2].channel.url must be an http(s) URL; was 'ftp://x.org'",
                        "subscriptions[3].channel.type 'pager' is not a channel type; expected one of email, file, slack,"
                                + " teams, terminal, webhook",
                        "subscriptions[4].id 'fine' is already used by subscriptions[0]"),
                bad.problems());
        IllegalArgumentException notAList = assertThrows(
                IllegalArgumentException.class,
                () -> config("subscriptions: {id: x}\n").subscriptions());
        assertTrue(notAList.getMessage().startsWith("subscriptions must be a list"), notAList.getMessage());
    }
}
