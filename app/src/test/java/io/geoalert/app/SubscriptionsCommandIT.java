package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.channel.Channel;
import io.geoalert.consumer.channel.Delivery;
import io.geoalert.consumer.channel.Outcome;
import io.geoalert.consumer.subscription.TestAlert;
import io.geoalert.testing.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code geoalert subscriptions list|add|remove|test} against a real broker. Ids are unique per test: the topic is shared. */
class SubscriptionsCommandIT {

    @TempDir
    Path dir;

    private final String bootstrap = KafkaFixture.bootstrapServers();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** What a test left in force on the shared topic, removed after it. */
    private final List<String> leftInForce = new CopyOnWriteArrayList<>();

    /** Every consumer node of the other tests delivers to every subscription on the topic: leave none behind. */
    @AfterEach
    void removeWhatThisTestLeftInForce() {
        for (String id : leftInForce) {
            CommandRun removed = geoalert("subscriptions", "remove", "-b", bootstrap, id);
            assertEquals(0, removed.exit(), removed.err());
        }
    }

    private CommandRun geoalert(String... args) {
        return CommandRun.of(args);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    /** The line `list` prints for {@code id}, or null. */
    private String listed(String id, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "subscriptions";
        args[1] = "list";
        args[2] = "--bootstrap-servers=" + bootstrap;
        System.arraycopy(more, 0, args, 3, more.length);
        CommandRun list = geoalert(args);
        assertEquals(0, list.exit(), list.err());
        return list.out()
                .lines()
                .filter(l -> l.startsWith(id + " "))
                .findFirst()
                .orElse(null);
    }

    @Test
    void addListAndRemoveGoThroughTheTopicWithSecretsMaskedInTheList() throws Exception {
        String desk = "desk-" + run;
        String mail = "mail-" + run;
        Path subscriptions = file("subscriptions.yaml", """
                subscriptions:
                  - id: %s
                    filter: {categories: [snapback], entities: [Iran]}
                    channel: {type: webhook, url: "https://desk.example.org/in", secrets: ["${env:DESK_SECRET}", "literal-cli-secret"]}
                  - id: %s
                    channel:
                      type: email
                      to: [desk@example.org]
                      from: alerts@example.org
                      smtp: {host: smtp.example.org, username: alerts, password: smtp-cli-password}
                    schedule: {mode: digest, every: 1h}
                """.formatted(desk, mail));
        CommandRun added = geoalert("subscriptions", "add", "--bootstrap-servers", bootstrap, subscriptions.toString());
        assertEquals(0, added.exit(), added.err());
        assertTrue(added.out().contains("added " + desk + " v1 (webhook)"), added.out());
        assertTrue(added.out().contains("added " + mail + " v1 (email)"), added.out());
        leftInForce.add(mail);

        String deskLine = listed(desk);
        assertTrue(deskLine.contains("v1"), deskLine);
        assertTrue(deskLine.contains("\"secrets\":[\"${env:DESK_SECRET}\",\"****\"]"), deskLine);
        String mailLine = listed(mail);
        assertTrue(mailLine.contains("\"password\":\"****\""), mailLine);
        assertTrue(mailLine.contains("\"every\":\"1h\""), mailLine);
        CommandRun json = geoalert("subscriptions", "list", "--json", "--bootstrap-servers", bootstrap);
        assertFalse(json.out().contains("literal-cli-secret"), json.out());
        assertFalse(json.out().contains("smtp-cli-password"), json.out());

        CommandRun again = geoalert("subscriptions", "add", "-b", bootstrap, subscriptions.toString());
        assertTrue(again.out().contains("replaced " + desk + " v2 (webhook)"), again.out());

        CommandRun removed = geoalert("subscriptions", "remove", "-b", bootstrap, desk);
        assertEquals(0, removed.exit(), removed.err());
        assertTrue(removed.out().contains("removed " + desk + " (v3)"), removed.out());
        assertEquals(null, listed(desk));
        assertTrue(listed(mail) != null);

        CommandRun unknown = geoalert("subscriptions", "remove", "-b", bootstrap, desk);
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().contains("no subscription '" + desk + "' in force"), unknown.err());
    }

    @Test
    void aFileWithProblemsWritesNothingAndNamesEachProblem() throws Exception {
        String good = "good-" + run;
        Path bad = file(
                "bad.json",
                "[{\"id\": \"" + good + "\", \"channel\": {\"type\": \"terminal\"}},"
                        + " {\"id\": \"bad-" + run
                        + "\", \"channel\": {\"type\": \"file\", \"path\": \"/etc/profile\"}},"
                        + " {\"id\": \"zone-" + run + "\", \"channel\": {\"type\": \"terminal\"},"
                        + " \"quietHours\": {\"from\": \"22:00\", \"to\": \"07:00\", \"zone\": \"Mars/Base\"}}]");
        CommandRun refused = geoalert("subscriptions", "add", "-b", bootstrap, bad.toString());
        assertEquals(1, refused.exit());
        assertTrue(
                refused.err().contains(bad + ": [1].channel.path '/etc/profile' must name a JSON-lines file"),
                refused.err());
        assertTrue(refused.err().contains(bad + ": [2].quietHours.zone 'Mars/Base' is not a time zone"), refused.err());
        assertTrue(refused.err().contains("has 2 problem(s); nothing written"), refused.err());
        assertEquals(null, listed(good), "the good one was not written either");
    }

    @Test
    void aSubscriptionOfTheConfigFileIsListedAndCanBeRemovedForGood() throws Exception {
        String configured = "configured-" + run;
        Path config =
                file("geoalert.yaml", "subscriptions:\n  - {id: " + configured + ", channel: {type: terminal}}\n");
        assertTrue(listed(configured, "--config", config.toString()).contains(" v0 "));
        assertEquals(null, listed(configured), "without --config the cluster does not know it");
        CommandRun removed =
                geoalert("subscriptions", "remove", "-b", bootstrap, "--config", config.toString(), configured);
        assertEquals(0, removed.exit(), removed.err());
        assertEquals(
                null, listed(configured, "--config", config.toString()), "the marker outlives the config file entry");
    }

    /** A channel that takes every message and keeps it: what the command does with a channel, not how channels send. */
    private static final class KeepingChannel implements Channel {
        final List<Delivery> kept = new CopyOnWriteArrayList<>();
        final Outcome outcome;

        KeepingChannel(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public String type() {
            return "webhook";
        }

        @Override
        public Outcome send(Delivery delivery) {
            kept.add(delivery);
            return outcome;
        }
    }

    @Test
    void testSendsOneMarkedTestAlertThroughTheChannelAndPrintsTheOutcome() throws Exception {
        String id = "tested-" + run;
        Path subscription = file(
                "one.json",
                "{\"id\": \"" + id + "\", \"filter\": {\"categories\": [\"nuclear\"], \"entities\": [\"Iran\"]},"
                        + " \"channel\": {\"type\": \"webhook\", \"url\": \"https://x.org/in\", \"secrets\": [\"s\"]}}");
        assertEquals(
                0,
                geoalert("subscriptions", "add", "-b", bootstrap, subscription.toString())
                        .exit());
        leftInForce.add(id);

        KeepingChannel taking = new KeepingChannel(new Outcome.Sent(204));
        CommandRun sent =
                CommandRun.of(new CommandLine(new SubscriptionsCommand.Send(s -> taking)), "-b", bootstrap, id);
        assertEquals(0, sent.exit(), sent.err());
        assertTrue(sent.out().contains("to " + id + " (webhook): sent (status 204)"), sent.out());
        assertEquals(1, taking.kept.size());
        Delivery delivery = taking.kept.get(0);
        assertTrue(delivery.test());
        assertEquals(id, delivery.subscriptionId());
        assertEquals(TestAlert.RULE_ID, delivery.alerts().get(0).ruleId());
        assertTrue(
                delivery.alerts().get(0).title().startsWith("TEST"),
                delivery.alerts().get(0).title());
        assertEquals("nuclear", delivery.alerts().get(0).category());
        assertEquals(List.of("Iran"), delivery.alerts().get(0).entities());

        KeepingChannel refusing = new KeepingChannel(new Outcome.Refused(410, "gone"));
        CommandRun refused =
                CommandRun.of(new CommandLine(new SubscriptionsCommand.Send(s -> refusing)), "-b", bootstrap, id);
        assertEquals(1, refused.exit());
        assertTrue(refused.out().contains("refused (status 410): gone"), refused.out());

        CommandRun unbuildable = CommandRun.of(
                new CommandLine(new SubscriptionsCommand.Send(s -> {
                    throw new IllegalArgumentException("channel.secrets[0]: ${env:X} does not resolve");
                })),
                "-b",
                bootstrap,
                id);
        assertEquals(1, unbuildable.exit());
        assertTrue(unbuildable.err().contains("cannot build the channel: channel.secrets[0]"), unbuildable.err());

        CommandRun missing = CommandRun.of(
                new CommandLine(new SubscriptionsCommand.Send(s -> taking)), "-b", bootstrap, "none-" + run);
        assertEquals(1, missing.exit());
        assertEquals(1, taking.kept.size(), "nothing sent for an unknown id");
    }
}
