package io.geoalert.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The mechanism on a command of its own, with the kinds of option geoalert's commands do not all have yet. */
class ConfigDefaultsTest {

    enum Guarantee {
        at_least_once,
        exactly_once_v2
    }

    @ConfigSection("engine")
    static final class EngineOptions {
        @Option(names = "--guarantee", defaultValue = "at_least_once", description = "Processing guarantee.")
        Guarantee guarantee;

        @Option(names = "--engine-threads", defaultValue = "1", description = "Threads.")
        int threads;

        @Option(names = "--input", description = "Input files (repeatable).")
        List<Path> inputs = List.of();

        @Option(names = "--engine-property", description = "Client property (repeatable).")
        Map<String, String> properties = new LinkedHashMap<>();
    }

    static final class FileOption {
        @Option(names = ConfigKeys.CONFIG_OPTION, description = "The file.")
        Path file;
    }

    @Command(name = "engine")
    static final class Engine {
        @Mixin
        EngineOptions options;

        @Mixin
        FileOption config;

        @Option(names = "--unsectioned", description = "An option of a class with no section.")
        String unsectioned;
    }

    @Command(name = "root", subcommands = Engine.class)
    static final class Root {}

    @TempDir
    Path dir;

    private CommandLine cli(Map<String, String> env) {
        CommandLine cli = new CommandLine(new Root());
        ConfigKeys keys = ConfigKeys.of(cli.getCommandSpec(), List.of("engine"), List.of(), Map.of());
        cli.setDefaultValueProvider(new ConfigDefaults(keys, env, true));
        return cli;
    }

    private EngineOptions parse(Map<String, String> env, String... args) {
        CommandLine cli = cli(env);
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return ((Engine) parsed.subcommand().commandSpec().userObject()).options;
    }

    private String file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("engine.yaml"), yaml).toString();
    }

    @Test
    void keysAreTheSectionAndTheLongNameAndAMapOptionTakesTheSectionsOtherEntries() {
        ConfigKeys keys = ConfigKeys.of(cli(Map.of()).getCommandSpec(), List.of("engine"), List.of(), Map.of());
        assertEquals(
                List.of("engine.<property>", "engine.guarantee", "engine.input", "engine.threads"),
                keys.all().stream().map(ConfigKey::key).toList(),
                "an option of a class without a section has no key");
        ConfigKey guarantee = keys.all().get(1);
        assertEquals("one of at_least_once, exactly_once_v2", guarantee.type());
        assertEquals("at_least_once", guarantee.defaultValue());
        assertEquals(List.of("GEOALERT_ENGINE_GUARANTEE"), guarantee.env());
        assertEquals("list of path", keys.all().get(2).type());
    }

    @Test
    void fileValuesReachTheOptionsAndTheCommandLineBeatsThem() throws Exception {
        String file = file("engine: {guarantee: exactly_once_v2, threads: 4, input: [a.jsonl, b.jsonl]}\n");
        EngineOptions fromFile = parse(Map.of(), "engine", "--config", file);
        assertEquals(Guarantee.exactly_once_v2, fromFile.guarantee);
        assertEquals(4, fromFile.threads);
        assertEquals(List.of(Path.of("a.jsonl"), Path.of("b.jsonl")), fromFile.inputs);

        EngineOptions given = parse(Map.of(), "engine", "--config", file, "--engine-threads", "2", "--input", "c");
        assertEquals(2, given.threads);
        assertEquals(List.of(Path.of("c")), given.inputs);
        assertEquals(Guarantee.exactly_once_v2, given.guarantee);

        EngineOptions none = parse(Map.of(), "engine");
        assertEquals(Guarantee.at_least_once, none.guarantee);
        assertEquals(1, none.threads);
    }

    @Test
    void theEnvironmentBeatsTheFileAndTheCommandLineBeatsTheEnvironment() throws Exception {
        String file = file("engine: {threads: 4}\n");
        Map<String, String> env = Map.of("GEOALERT_ENGINE_THREADS", "6", "GEOALERT_ENGINE_INPUT", "x,y");
        EngineOptions fromEnv = parse(env, "engine", "--config", file);
        assertEquals(6, fromEnv.threads);
        assertEquals(List.of(Path.of("x"), Path.of("y")), fromEnv.inputs);
        assertEquals(3, parse(env, "engine", "--config", file, "--engine-threads", "3").threads);
    }

    @Test
    void aBadEnumValueListsTheAllowedValuesAndNamesTheKey() throws Exception {
        String file = file("engine: {guarantee: exactly_once}\n");
        CommandLine.ParameterException bad =
                assertThrows(CommandLine.ParameterException.class, () -> parse(Map.of(), "engine", "--config", file));
        ConfigException cause = (ConfigException) bad.getCause();
        assertEquals(
                List.of("engine.guarantee must be one of at_least_once, exactly_once_v2; was 'exactly_once'"),
                cause.problems());

        CommandLine.ParameterException fromEnv = assertThrows(
                CommandLine.ParameterException.class,
                () -> parse(Map.of("GEOALERT_ENGINE_GUARANTEE", "none"), "engine"));
        assertEquals(
                List.of("GEOALERT_ENGINE_GUARANTEE: engine.guarantee must be one of at_least_once, exactly_once_v2;"
                        + " was 'none'"),
                ((ConfigException) fromEnv.getCause()).problems());
    }

    @Test
    void everyProblemOfTheFileIsNamedAtOnceWithTheKeyMostLikelyMeant() throws Exception {
        String file = file("""
                engine:
                  threads: many
                  guarantees: at_least_once
                  input: {a: b}
                engines: {}
                threads: 2
                """);
        CommandLine.ParameterException bad =
                assertThrows(CommandLine.ParameterException.class, () -> parse(Map.of(), "engine", "--config", file));
        assertEquals(
                List.of(
                        "engine.threads must be a whole number, was 'many'",
                        "unknown key engine.guarantees; did you mean engine.guarantee?",
                        "engine.input must be a list of single values",
                        "unknown key engines; did you mean engine?",
                        "unknown key threads; did you mean engine.threads?"),
                ((ConfigException) bad.getCause()).problems());
    }

    @Test
    void theNearestKeyIsATypoAwayOrTheSameNameInItsSection() {
        List<String> known = List.of("streams.story-window", "streams.repeat-window", "http.port");
        assertEquals(
                "streams.story-window",
                NearestKey.to("streams.story-windw", known).orElseThrow());
        assertEquals(
                "streams.story-window", NearestKey.to("story-window", known).orElseThrow());
        assertTrue(NearestKey.to("colour", known).isEmpty());
    }
}
