package io.geoalert.app;

import io.geoalert.app.config.ConfigSection;
import picocli.CommandLine.Option;

/** How the services create the topics they need when missing. */
@ConfigSection("kafka")
final class TopicOptions {

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions of the topics geoalert creates when they are missing, news.raw among them: as"
                    + " many streams instances (or threads) can share the work (default: ${DEFAULT-VALUE}).")
    int partitions;
}
