package io.geoalert.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
            io.geoalert.app.bench.BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class GeoalertCommand implements Runnable {

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
        CommandLine cli = new CommandLine(new GeoalertCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
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
}
