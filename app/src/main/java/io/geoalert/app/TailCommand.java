package io.geoalert.app;

import io.geoalert.consumer.delivery.AlertLine;
import io.geoalert.consumer.view.AlertReader;
import io.geoalert.model.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code geoalert tail}: follow alerts in the terminal, one line each. */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description =
                "Follow alerts in the terminal, one line each: time, severity, category, rule, title, matched terms.")
final class TailCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(
            names = {"-c", "--category"},
            paramLabel = "C",
            description = "Only this category (reads alerts.<C>).")
    String category;

    @Option(
            names = {"-n", "--last"},
            paramLabel = "N",
            defaultValue = "10",
            description = "Show up to N earlier alerts per partition first (default: ${DEFAULT-VALUE}).")
    long last;

    @Option(names = "--from-beginning", description = "Show every retained alert first.")
    boolean fromBeginning;

    @Option(names = "--json", description = "Print each alert as JSON instead of one line.")
    boolean json;

    @Override
    public Integer call() throws java.io.IOException {
        String topic = category == null ? Topics.ALERTS : Topics.alertsFor(category);
        boolean colour = System.console() != null && !json;
        AlertReader reader = new AlertReader(
                cluster.clients(),
                topic,
                fromBeginning ? Long.MAX_VALUE : last,
                alert -> System.out.println(
                        json ? io.geoalert.model.Json.toString(alert) : AlertLine.format(alert, colour)));
        Runtime.getRuntime().addShutdownHook(new Thread(reader::close, "geoalert-tail-stop"));
        System.err.printf("geoalert tail: following %s at %s; Ctrl-C to stop%n", topic, cluster.resolve());
        reader.run();
        return 0;
    }
}
