package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GeoalertCommandTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void helpListsEveryCommand() {
        CommandRun help = run("--help");
        assertEquals(0, help.exit());
        for (String command :
                new String[] {"run", "producer", "streams", "consumer", "publish", "tail", "broker", "subscriptions"}) {
            assertTrue(help.out().contains(command), command + " in " + help.out());
        }
    }

    @Test
    void eachCommandExplainsItsOptions() {
        CommandRun run = run("run", "--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("--bootstrap-servers"), run.out());
        assertTrue(run.out().contains("--kafka-dir"), run.out());
        assertTrue(run("tail", "--help").out().contains("--category"));
    }

    @Test
    void badConfigurationIsRefusedNamingTheKeyWithoutAStackTrace() {
        CommandRun bad = run("streams", "--bootstrap-servers", "127.0.0.1:1", "--streams-threads", "0");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("configuration error: streams.threads must be between 1 and 64"), bad.err());
        assertFalse(bad.err().contains("\tat "), bad.err());
    }

    @Test
    void aBadSubscriptionInTheConfigFileStopsTheConsumerNamingItsKey() throws Exception {
        java.nio.file.Path config = java.nio.file.Files.createTempFile("geoalert-subscriptions", ".yaml");
        try {
            java.nio.file.Files.writeString(config, """
                    subscriptions:
                      - {id: ok, channel: {type: terminal}}
                      - {id: desk, channel: {type: webhook, url: 'hooks.example.org', secrets: [s]}}
                    """);
            CommandRun bad = run("consumer", "--bootstrap-servers", "127.0.0.1:1", "--config", config.toString());
            assertEquals(2, bad.exit());
            assertTrue(
                    bad.err()
                            .contains(
                                    "geoalert: configuration error: subscriptions[1].channel.url must be an http(s) URL"),
                    bad.err());
            assertFalse(bad.err().contains("\tat "), bad.err());
        } finally {
            java.nio.file.Files.delete(config);
        }
    }

    @Test
    void theStoryWindowIsAnOptionAndABadOneIsRefusedNamingTheKey() {
        ServiceCommand.StreamsOptions options = new ServiceCommand.StreamsOptions();
        CommandLine cli = new CommandLine(new Object() {
            @CommandLine.Mixin
            @SuppressWarnings("UnusedVariable") // read by picocli through reflection
            ServiceCommand.StreamsOptions streams = options;
        });
        cli.parseArgs();
        io.geoalert.kafka.KafkaClients kafka = io.geoalert.kafka.KafkaClients.of("127.0.0.1:1");
        assertEquals(
                java.time.Duration.ofDays(2),
                options.settings(kafka, 3, java.util.Map.of()).storyWindow());
        cli.parseArgs("--story-window", "6h");
        assertEquals(
                java.time.Duration.ofHours(6),
                options.settings(kafka, 3, java.util.Map.of()).storyWindow());

        CommandRun bad = run("streams", "--bootstrap-servers", "127.0.0.1:1", "--story-window", "0h");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("streams.story-window must be a positive span"), bad.err());
        CommandRun unreadable = run("streams", "--bootstrap-servers", "127.0.0.1:1", "--story-window", "two days");
        assertEquals(2, unreadable.exit());
        assertTrue(unreadable.err().contains("streams.story-window: expected a span"), unreadable.err());
    }

    @Test
    void trendSettingsAreOptionsAndABadOneIsRefusedNamingTheKey() {
        ServiceCommand.StreamsOptions options = new ServiceCommand.StreamsOptions();
        CommandLine cli = new CommandLine(new Object() {
            @CommandLine.Mixin
            @SuppressWarnings("UnusedVariable") // read by picocli through reflection
            ServiceCommand.StreamsOptions streams = options;
        });
        io.geoalert.kafka.KafkaClients kafka = io.geoalert.kafka.KafkaClients.of("127.0.0.1:1");
        cli.parseArgs();
        assertEquals(
                io.geoalert.streams.trend.TrendSettings.DEFAULTS,
                options.settings(kafka, 3, java.util.Map.of()).trends());
        cli.parseArgs(
                "--trend-z-score", "3", "--trend-min-count", "8", "--trend-half-life", "12h", "--trend-warmup", "0h");
        assertEquals(
                new io.geoalert.streams.trend.TrendSettings(
                        3, 8, java.time.Duration.ofHours(12), java.time.Duration.ZERO),
                options.settings(kafka, 3, java.util.Map.of()).trends());

        CommandRun bad = run("streams", "--bootstrap-servers", "127.0.0.1:1", "--trend-min-count", "0");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("streams.trend-min-count must be at least 1"), bad.err());
        CommandRun unreadable = run("streams", "--bootstrap-servers", "127.0.0.1:1", "--trend-half-life", "a while");
        assertEquals(2, unreadable.exit());
        assertTrue(unreadable.err().contains("streams.trend-half-life: expected a span"), unreadable.err());
    }

    @Test
    void badHttpPortIsRefusedNamingTheKey() {
        CommandRun bad = run("consumer", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "70000");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("http.port must be between 0 and 65535"), bad.err());
    }

    @Test
    void aBadDeliverySettingStopsTheConsumerNamingItsKey() {
        CommandRun bad = run("consumer", "--bootstrap-servers", "127.0.0.1:1", "--dispatch-give-up-after", "0s");
        assertEquals(2, bad.exit());
        assertTrue(
                bad.err().contains("configuration error: dispatch.give-up-after must be a positive duration"),
                bad.err());
        CommandRun run = run("run", "--bootstrap-servers", "127.0.0.1:1", "--dispatch-breaker-cool-down", "soon");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("configuration error: dispatch.breaker-cool-down: expected a span"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CommandRun bad = run("run", "--no-such-option");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("Unknown option: '--no-such-option'"), bad.err());
    }

    private static CommandRun runCapturingStdout(String... args) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            CommandRun outcome = run(args);
            return new CommandRun(
                    outcome.exit(),
                    captured.toString(java.nio.charset.StandardCharsets.UTF_8) + outcome.out(),
                    outcome.err());
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void rulesValidateNamesTheRuleAndLineOfEveryError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("rules.yaml");
        java.nio.file.Files.writeString(file, """
                rules:
                  - id: fine
                    category: sanctions
                    severity: high
                    any: [sanction]
                  - id: broken
                    category: sanctions
                    severity: high
                    any: [{entity: Atlantis}]
                    fields: [headline]
                """);
        CommandRun bad = runCapturingStdout("rules", "validate", file.toString());
        assertEquals(1, bad.exit());
        assertTrue(
                bad.out().contains(file + ":6: rule 'broken': entity 'Atlantis' is not in the gazetteer"), bad.out());
        assertTrue(bad.out().contains(file + ":6: rule 'broken': unknown field 'headline'"), bad.out());
        assertTrue(bad.out().contains("2 error(s)"), bad.out());
    }

    @Test
    void rulesTestShowsWhichRulesFireAndWhy() {
        CommandRun test = runCapturingStdout("rules", "test", "--all", "--text", "UN to reimpose sanctions on Iran");
        assertEquals(0, test.exit(), test.err());
        assertTrue(test.out().contains("FIRED  snapback-un-sanctions"), test.out());
        assertTrue(test.out().contains("'reimpose' (reimpose, title 6-14)"), test.out());
        assertTrue(test.out().contains("entities: Iran, United Nations"), test.out());
        assertTrue(
                test.out().contains("treaty-events            treaty     none of: no mention of 'treaty'"), test.out());
    }

    @Test
    void rulesTestReadsAJsonLinesFileAndNamesABadLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("news.jsonl");
        String item = "{\"id\":\"n1\",\"source\":\"s\",\"title\":\"UN to reimpose sanctions on Iran\",\"body\":\"b\"}";
        java.nio.file.Files.writeString(file, item + "\r\n\r\n" + item.replace("n1", "n2"));
        CommandRun test = runCapturingStdout("rules", "test", "--file", file.toString());
        assertEquals(0, test.exit(), test.err());
        assertTrue(
                test.out().contains("n1  \"UN to reimpose") && test.out().contains("n2  \"UN to reimpose"), test.out());

        java.nio.file.Files.writeString(file, item + "\n\n{\"id\":\"n3\"}\n");
        CommandRun bad = runCapturingStdout("rules", "test", "--file", file.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains(file + " line 3: "), bad.err());
    }

    @Test
    void brokerCommandIsListedAndItsOptionsParse() {
        CommandRun help = run("broker", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--kafka-port") && help.out().contains("--kafka-dir"), help.out());
        CommandLine cli = GeoalertCommand.commandLine();
        CommandLine.ParseResult parsed =
                cli.parseArgs("broker", "--kafka-port", "19092", "--kafka-dir", "/tmp/k", "--partitions", "6");
        BrokerCommand broker = (BrokerCommand) parsed.subcommand().commandSpec().userObject();
        assertEquals(19092, broker.kafkaPort);
        assertEquals(java.nio.file.Path.of("/tmp/k"), broker.kafkaDir);
        assertEquals(6, broker.topics.partitions);
        CommandRun bad = run("broker", "--kafka-port", "70000");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("kafka.port must be between 0 and 65535"), bad.err());
    }

    @Test
    void httpListensOnLoopbackWithoutATokenAndEverywhereWithOne() {
        HttpOptions options = new HttpOptions();
        CommandLine cli = new CommandLine(new Object() {
            @CommandLine.Mixin
            @SuppressWarnings("UnusedVariable") // read by picocli through reflection
            HttpOptions http = options;
        });
        cli.parseArgs();
        assertEquals("127.0.0.1", options.settings(8080, java.util.Map.of()).host());
        io.geoalert.http.HttpSettings withToken =
                options.settings(8080, java.util.Map.of(HttpOptions.TOKEN_ENV, "t0k3n-value"));
        assertEquals("0.0.0.0", withToken.host());
        assertFalse(withToken.toString().contains("t0k3n-value"), withToken.toString());
        cli.parseArgs("--http-host", "0.0.0.0", "--http-public-metrics", "--http-workers", "2");
        io.geoalert.http.HttpSettings explicit = options.settings(8080, java.util.Map.of());
        assertEquals(
                "0.0.0.0", explicit.host(), "an explicit host wins, with a warning at start when there is no token");
        assertTrue(explicit.publicMetrics());
        assertEquals(2, explicit.workers());
    }
}
