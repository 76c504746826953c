package io.geoalert.app;

import io.geoalert.app.config.ConfigDefaults;
import io.geoalert.app.config.ConfigException;
import io.geoalert.app.config.ConfigFile;
import io.geoalert.app.config.ConfigKeys;
import io.geoalert.app.config.ConfigTable;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code geoalert config check|keys}: the configuration file checked without starting anything, and its keys. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Check a configuration file without starting anything; list every key it may set.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Keys.class})
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The environment the command line reads values from (the process's, unless a test gave another). */
    private static Map<String, String> env(CommandSpec spec) {
        return spec.defaultValueProvider() instanceof ConfigDefaults defaults ? defaults.env() : System.getenv();
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Check FILE as the services check their configuration at start, with the GEOALERT_* environment,",
                "starting nothing and connecting to nothing. Prints 'FILE: ok' or each problem.",
                "Exit code 0 when ok, 1 with problems, 2 when FILE cannot be read."
            })
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The YAML configuration file.")
        Path file;

        @Option(
                names = "--command",
                paramLabel = "COMMAND",
                description = "Check it for this command only: run, producer, streams, consumer or broker"
                        + " (default: every one).")
        String command;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (command != null && !GeoalertCommand.SERVICE_COMMANDS.contains(command)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--command must be one of " + String.join(", ", GeoalertCommand.SERVICE_COMMANDS) + ", was '"
                                + command + "'");
            }
            if (!Files.isRegularFile(file)) {
                spec.commandLine().getErr().println("geoalert config check: no such file " + file);
                return 2;
            }
            Set<String> problems = new LinkedHashSet<>();
            try {
                ConfigFile config = ConfigFile.read(file);
                problems.addAll(GeoalertCommand.configKeys(spec.root()).problems(config));
            } catch (ConfigException e) {
                e.problems().forEach(p -> out.println(p));
                return 1;
            }
            for (String service : command == null ? GeoalertCommand.SERVICE_COMMANDS : List.of(command)) {
                problems.addAll(problemsFor(service));
            }
            if (problems.isEmpty()) {
                out.println(file + ": ok");
                return 0;
            }
            problems.forEach(p -> out.println(file + ": " + p));
            return 1;
        }

        /**
         * What {@code service} would refuse at start with this file: the command is parsed as it would
         * be, leaving out the values already reported, and its settings built.
         */
        private List<String> problemsFor(String service) throws Exception {
            CommandLine cli = GeoalertCommand.commandLine(env(spec), false);
            CommandLine.ParseResult parsed;
            try {
                parsed = cli.parseArgs(service, ConfigKeys.CONFIG_OPTION, file.toString());
            } catch (CommandLine.ParameterException e) {
                return List.of(
                        e.getCause() instanceof ConfigException invalid
                                ? String.join("; ", invalid.problems())
                                : e.getMessage());
            }
            List<String> problems =
                    new ArrayList<>(((ConfigDefaults) cli.getCommandSpec().defaultValueProvider()).leftOut());
            if (parsed.subcommand().commandSpec().userObject() instanceof CheckableCommand checkable) {
                problems.addAll(checkable.problems());
            }
            return problems;
        }
    }

    @Command(
            name = "keys",
            mixinStandardHelpOptions = true,
            description = {
                "Every key of the configuration file: its option, environment variable, type, default, the commands",
                "that read it and what it does, from the options' own definitions."
            })
    static final class Keys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--markdown", description = "As a Markdown table, as the README has it.")
        boolean markdown;

        @Option(
                names = "--readme",
                paramLabel = "FILE",
                description = "Write the Markdown table into FILE between " + ConfigTable.START + " and "
                        + ConfigTable.END + ".")
        Path readme;

        @Override
        public Integer call() throws Exception {
            ConfigKeys keys = GeoalertCommand.configKeys(spec.root());
            if (readme != null) {
                String before = Files.readString(readme, StandardCharsets.UTF_8);
                String after = ConfigTable.intoReadme(before, ConfigTable.markdown(keys.all()));
                Files.writeString(readme, after, StandardCharsets.UTF_8);
                spec.commandLine()
                        .getErr()
                        .printf(
                                "geoalert config keys: %s %s%n",
                                readme,
                                before.equals(after)
                                        ? "was up to date"
                                        : "now has " + keys.all().size() + " keys");
                return 0;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(markdown ? ConfigTable.markdown(keys.all()) : ConfigTable.text(keys.all()));
            out.flush();
            return 0;
        }
    }
}
