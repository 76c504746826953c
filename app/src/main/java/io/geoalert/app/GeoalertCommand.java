package io.geoalert.app;

import io.geoalert.app.config.ConfigDefaults;
import io.geoalert.app.config.ConfigException;
import io.geoalert.app.config.ConfigKey;
import io.geoalert.app.config.ConfigKeys;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The {@code geoalert} command line. */
@Command(
        name = "geoalert",
        mixinStandardHelpOptions = true,
        version = "geoalert 0.1.0",
        description = "Alerts on geopolitical news as it arrives, on Apache Kafka.",
        subcommands = {
            RunCommand.class,
            ServiceCommand.Producer.class,
            ServiceCommand.Streams.class,
            ServiceCommand.Consumer.class,
            PublishCommand.class,
            TailCommand.class,
            RulesCommand.class,
            SubscriptionsCommand.class,
            FeedsCommand.class,
            BrokerCommand.class,
            ConfigCommand.class,
            io.geoalert.app.bench.BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class GeoalertCommand implements Runnable {

    /** The commands that start services: their options are the configuration file's keys. */
    static final List<String> SERVICE_COMMANDS = List.of("run", "producer", "streams", "consumer", "broker");

    /** Older environment variables that set a key too, after its own {@code GEOALERT_} one. */
    static final Map<String, String> ENV_ALIASES = Map.of("kafka.bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with geoalert's error handling: configuration errors name the key, no stack traces. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv(), true);
    }

    /**
     * The command line reading option values not given from {@code env} and the {@code --config}
     * file; {@code strict} stops a command on a problem of either, a check leaves the value out.
     */
    static CommandLine commandLine(Map<String, String> env, boolean strict) {
        CommandLine cli = new CommandLine(new GeoalertCommand());
        ConfigDefaults defaults = new ConfigDefaults(configKeys(cli.getCommandSpec()), env, strict);
        cli.setDefaultValueProvider(defaults);
        cli.setParameterExceptionHandler(configErrors(defaults, cli.getParameterExceptionHandler()));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException invalid) {
                invalid.problems().forEach(p -> commandLine.getErr().println("geoalert: configuration error: " + p));
                return 2;
            }
            if (e instanceof io.geoalert.streams.rules.InvalidRulesException invalid) {
                invalid.problems().forEach(p -> commandLine.getErr().println("geoalert: " + p));
                return 2;
            }
            if (e instanceof io.geoalert.consumer.subscription.InvalidSubscriptionException invalid) {
                invalid.problems().forEach(p -> commandLine.getErr().println("geoalert: configuration error: " + p));
                return 2;
            }
            String message = e instanceof IllegalArgumentException
                    ? "configuration error: " + e.getMessage()
                    : e.getMessage() == null ? e.toString() : e.getMessage();
            commandLine.getErr().println("geoalert: " + message);
            if (!(e instanceof IllegalArgumentException)
                    && !(e instanceof java.io.IOException)
                    && !(e instanceof IllegalStateException)) {
                e.printStackTrace(commandLine.getErr());
            }
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli;
    }

    /**
     * A value of the file or the environment that cannot be used: one line per problem, naming the
     * key, exit code 2; other parse errors as picocli says them, with the usage.
     */
    private static CommandLine.IParameterExceptionHandler configErrors(
            ConfigDefaults defaults, CommandLine.IParameterExceptionHandler usage) {
        return (e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            if (e.getCause() instanceof ConfigException invalid) {
                invalid.problems().forEach(p -> err.println("geoalert: configuration error: " + p));
                return 2;
            }
            // a value picocli could not convert although it passed the checks, e.g. a path it refuses
            if (e.getArgSpec() instanceof OptionSpec option
                    && defaults.origin(option).isPresent()) {
                err.printf(
                        "geoalert: configuration error: %s (from %s): %s%n",
                        defaults.keys().forOption(option).map(ConfigKey::key).orElse(option.longestName()),
                        defaults.origin(option).orElseThrow(),
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                return 2;
            }
            return usage.handleParseException(e, args);
        };
    }

    /** The keys of the configuration file, from the options of the service commands of {@code root}. */
    static ConfigKeys configKeys(CommandSpec root) {
        return ConfigKeys.of(root, SERVICE_COMMANDS, ConfigOptions.FILE_KEYS, ENV_ALIASES);
    }
}
