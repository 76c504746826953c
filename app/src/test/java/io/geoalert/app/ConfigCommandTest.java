package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.app.config.ConfigKey;
import io.geoalert.app.config.ConfigKeys;
import io.geoalert.app.config.ConfigTable;
import io.geoalert.http.HttpSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class ConfigCommandTest {

    @TempDir
    Path dir;

    private static CommandRun run(Map<String, String> env, String... args) {
        return CommandRun.of(GeoalertCommand.commandLine(env, true), args);
    }

    private static Object parse(Map<String, String> env, String... args) {
        return GeoalertCommand.commandLine(env, true)
                .parseArgs(args)
                .subcommand()
                .commandSpec()
                .userObject();
    }

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("geoalert.yaml"), yaml);
    }

    @Test
    void fileValuesReachTheOptionsOfEachServiceCommand() throws Exception {
        String config = file("""
                        kafka: {bootstrap-servers: "127.0.0.1:19092", partitions: 6, port: 19093}
                        http: {port: 18080, workers: 2}
                        streams: {story-window: 6h, threads: 2}
                        consumer: {quiet: true, group-id: desk-consumer}
                        dispatch: {give-up-after: 30m}
                        producer: {file: [a.jsonl, b.jsonl]}
                        run: {no-samples: true}
                        """).toString();
        RunCommand run = (RunCommand) parse(Map.of(), "run", "--config", config);
        assertEquals("127.0.0.1:19092", run.options.cluster.bootstrapServers);
        assertEquals(6, run.options.topics.partitions);
        assertEquals(18080, run.options.http.port);
        assertEquals(2, run.options.http.workers);
        assertEquals("6h", run.streams.storyWindow);
        assertEquals(2, run.streams.threads);
        assertTrue(run.consumer.quiet);
        assertEquals("desk-consumer", run.consumer.groupId);
        assertEquals("30m", run.consumer.dispatch.giveUpAfter);
        assertEquals(19093, run.kafkaPort);
        assertTrue(run.noSamples);

        ServiceCommand.Producer producer = (ServiceCommand.Producer) parse(Map.of(), "producer", "--config", config);
        assertEquals(List.of(Path.of("a.jsonl"), Path.of("b.jsonl")), producer.files);
        BrokerCommand broker = (BrokerCommand) parse(Map.of(), "broker", "--config", config);
        assertEquals(19093, broker.kafkaPort);
        assertEquals(6, broker.topics.partitions);
        ServiceCommand.Streams streams = (ServiceCommand.Streams) parse(Map.of(), "streams", "--config", config);
        assertEquals(
                Duration.ofHours(6),
                streams.streams
                        .settings(NodeOptions.CHECKED_CLUSTER, 3, Map.of())
                        .storyWindow());
    }

    @Test
    void theCommandLineBeatsTheEnvironmentWhichBeatsTheFile() throws Exception {
        String config = file("streams: {story-window: 6h, threads: 2}\n").toString();
        Map<String, String> env = Map.of("GEOALERT_STREAMS_STORY_WINDOW", "12h");
        ServiceCommand.Streams fromEnv = (ServiceCommand.Streams) parse(env, "streams", "--config", config);
        assertEquals("12h", fromEnv.streams.storyWindow);
        assertEquals(2, fromEnv.streams.threads);
        ServiceCommand.Streams given =
                (ServiceCommand.Streams) parse(env, "streams", "--config", config, "--story-window", "1h");
        assertEquals("1h", given.streams.storyWindow);
        Map<String, String> legacy = Map.of("KAFKA_BOOTSTRAP_SERVERS", "legacy:9092");
        assertEquals(
                "legacy:9092",
                ((ServiceCommand.Consumer) parse(legacy, "consumer")).options.cluster.bootstrapServers,
                "the older variable still names the cluster");
    }

    @Test
    void aSecretFromTheEnvironmentBeatsTheOneInTheFile() throws Exception {
        ConfigOptions config = new ConfigOptions();
        config.file = file("http: {token: from-the-file, admin-token: admin-from-the-file}\n");
        HttpOptions http = new HttpOptions();
        new CommandLine(new Object() {
                    @CommandLine.Mixin
                    @SuppressWarnings("UnusedVariable") // read by picocli through reflection
                    HttpOptions options = http;
                })
                .parseArgs();
        HttpSettings fromFile = http.settings(8080, config.secrets(Map.of()));
        assertEquals("from-the-file", fromFile.token());
        assertEquals("admin-from-the-file", fromFile.adminToken());
        HttpSettings fromEnv = http.settings(8080, config.secrets(Map.of(HttpOptions.TOKEN_ENV, "from-the-env")));
        assertEquals("from-the-env", fromEnv.token());
        assertEquals("admin-from-the-file", fromEnv.adminToken());

        ConfigOptions kafka = new ConfigOptions();
        kafka.file = file("kafka: {sasl.mechanism: PLAIN, sasl.jaas.config: in-the-file}\n");
        assertEquals(
                Map.of("sasl.mechanism", "PLAIN", "sasl.jaas.config", "from-the-env"),
                kafka.kafkaProperties(Map.of("GEOALERT_KAFKA_SASL_JAAS_CONFIG", "from-the-env")));
    }

    @Test
    void anUnknownKeyStopsTheStartNamingItAndTheKeyMeant() throws Exception {
        String config = file("streams: {story-windw: 6h}\n").toString();
        CommandRun bad = run(Map.of(), "streams", "--bootstrap-servers", "127.0.0.1:1", "--config", config);
        assertEquals(2, bad.exit());
        assertEquals(
                "geoalert: configuration error: unknown key streams.story-windw; did you mean streams.story-window?\n",
                bad.err());
    }

    @Test
    void aValueAnOptionCannotTakeStopsTheStartNamingTheKeyOrTheVariable() throws Exception {
        String config = file("http: {port: lots}\n").toString();
        CommandRun bad = run(Map.of(), "consumer", "--config", config);
        assertEquals(2, bad.exit());
        assertEquals("geoalert: configuration error: http.port must be a whole number, was 'lots'\n", bad.err());
        CommandRun env = run(Map.of("GEOALERT_CONSUMER_QUIET", "maybe"), "consumer");
        assertEquals(2, env.exit());
        assertEquals(
                "geoalert: configuration error: GEOALERT_CONSUMER_QUIET: consumer.quiet must be true or false,"
                        + " was 'maybe'\n",
                env.err());
    }

    @Test
    void checkSaysOkForAFileEveryServiceCanStartWith() throws Exception {
        Path config = file("""
                kafka: {bootstrap-servers: "127.0.0.1:1", security.protocol: PLAINTEXT}
                streams: {story-window: 6h}
                subscriptions:
                  - {id: desk, channel: {type: terminal}}
                limits: {maxTags: 10}
                """);
        CommandRun ok = run(Map.of(), "config", "check", config.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(config + ": ok\n", ok.out());
    }

    @Test
    void checkNamesABadValueOfTheEnvironmentToo() throws Exception {
        Path config = file("streams: {story-window: 6h}\n");
        CommandRun bad = run(Map.of("GEOALERT_STREAMS_THREADS", "two"), "config", "check", config.toString());
        assertEquals(1, bad.exit(), bad.err());
        assertEquals(
                config + ": GEOALERT_STREAMS_THREADS: streams.threads must be a whole number, was 'two'\n", bad.out());
    }

    @Test
    void checkNamesEveryProblemOfABadFile() throws Exception {
        Path config = file("""
                kafka: {bootstrap-server: "127.0.0.1:1"}
                http: {port: 70000}
                streams: {story-windw: 6h, threads: 0}
                dispatch: {give-up-after: 0s}
                subscriptions:
                  - {id: desk, channel: {type: pager}}
                """);
        CommandRun bad = run(Map.of(), "config", "check", config.toString());
        assertEquals(1, bad.exit(), bad.err());
        assertEquals(
                List.of(
                        config + ": unknown key kafka.bootstrap-server; did you mean kafka.bootstrap-servers?",
                        config + ": unknown key streams.story-windw; did you mean streams.story-window?",
                        config + ": http.port must be between 0 and 65535, was 70000",
                        config + ": streams.threads must be between 1 and 64, was 0",
                        config + ": dispatch.give-up-after must be a positive duration, was PT0S",
                        config + ": subscriptions[0].channel.type 'pager' is not a channel type; expected one of email,"
                                + " file, slack, teams, terminal, webhook"),
                bad.out().lines().toList());
        CommandRun broker = run(Map.of(), "config", "check", "--command", "broker", config.toString());
        assertEquals(1, broker.exit());
        assertEquals(
                2, broker.out().lines().count(), "only the unknown keys are the broker's business: " + broker.out());
        CommandRun missing =
                run(Map.of(), "config", "check", dir.resolve("none.yaml").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void everyOptionOfEveryServiceCommandHasAKeyAndADescription() {
        CommandSpec root = GeoalertCommand.commandLine(Map.of(), true).getCommandSpec();
        ConfigKeys keys = GeoalertCommand.configKeys(root);
        int options = 0;
        for (String service : GeoalertCommand.SERVICE_COMMANDS) {
            for (OptionSpec option :
                    root.subcommands().get(service).getCommandSpec().options()) {
                if (option.usageHelp()
                        || option.versionHelp()
                        || option.longestName().equals("--config")) {
                    continue;
                }
                options++;
                String name = service + " " + option.longestName();
                ConfigKey key = keys.forOption(option).orElseThrow(() -> new AssertionError(name + " has no key"));
                assertFalse(key.description().isBlank(), name + " has no description");
                assertFalse(key.env().isEmpty(), name + " has no environment variable");
                assertTrue(key.commands().contains(service), name);
            }
        }
        assertTrue(options > 40, "options seen: " + options);
        Set<String> variables = new HashSet<>();
        keys.all().forEach(k -> k.env().forEach(v -> assertTrue(variables.add(v), v + " is the variable of two keys")));
        ConfigOptions.clientPropertyNames()
                .forEach(p -> assertTrue(
                        variables.add(ConfigKey.envName("kafka." + p)),
                        "client property " + p + " has the variable of a key"));
    }

    @Test
    void anOptionDeclaredOnceHasOneKeyInEveryCommand() {
        CommandSpec root = GeoalertCommand.commandLine(Map.of(), true).getCommandSpec();
        ConfigKeys keys = GeoalertCommand.configKeys(root);
        Map<Object, Set<String>> keysOfDeclaration = new java.util.HashMap<>();
        for (String service : GeoalertCommand.SERVICE_COMMANDS) {
            for (OptionSpec option :
                    root.subcommands().get(service).getCommandSpec().options()) {
                keys.forOption(option)
                        .ifPresent(key -> keysOfDeclaration
                                .computeIfAbsent(option.userObject(), o -> new java.util.TreeSet<>())
                                .add(key.key()));
            }
        }
        keysOfDeclaration.forEach((field, names) -> assertEquals(
                1,
                names.size(),
                field + " has a key per command, " + names + ": give its class a @ConfigSection of its own"));
    }

    @Test
    void theReadmeTableIsTheOneTheOptionsMake() throws Exception {
        Path readme = Path.of("..", "README.md");
        CommandRun keys = run(Map.of(), "config", "keys", "--markdown");
        assertEquals(0, keys.exit(), keys.err());
        assertEquals(
                keys.out(),
                ConfigTable.inReadme(Files.readString(readme, StandardCharsets.UTF_8)),
                "README.md's configuration table differs from the options: regenerate it with"
                        + " ./geoalert config keys --readme README.md");
    }
}
