package io.geoalert.app;

import io.geoalert.app.config.ConfigDefaults;
import io.geoalert.app.config.ConfigException;
import io.geoalert.app.config.ConfigKeys;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

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
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> {
            if (e.getCause() instanceof ConfigException invalid) {
                invalid.problems()
                        .forEach(p -> e.getCommandLine().getErr().println("geoalert: configuration error: " + p));
                return 2;
            }
            if (e.getArgSpec() != null && defaults.origin(e.getArgSpec()).isPresent()) {
                e.getCommandLine()
                        .getErr()
                        .printf(
                                "geoalert: configuration error: %s (from %s): %s%n",
                                defaults.keys()
                                        .forOption((CommandLine.Model.OptionSpec) e.getArgSpec())
                                        .orElseThrow()
                                        .key(),
                                defaults.origin(e.getArgSpec()).orElseThrow(),
                                e.getCause() == null
                                        ? e.getMessage()
                                        : e.getCause().getMessage());
                return 2;
            }
            return usage.handleParseException(e, args);
        });
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

    /** The keys of the configuration file, from the options of the service commands of {@code root}. */
    static ConfigKeys configKeys(CommandSpec root) {
        return ConfigKeys.of(root, SERVICE_COMMANDS, ConfigOptions.FILE_KEYS, ENV_ALIASES);
    }
}
