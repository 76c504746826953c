package io.geoalert.app;

import picocli.CommandLine.Option;

/** How the services create the topics they need when missing. */
final class TopicOptions {

    @Option(
            names = "--partitions",
            defaultValue = "6",
            description = "Partitions of the topics geoalert creates when they are missing, news.raw among them: as"
                    + " many streams instances (or threads) can share the work (default: ${DEFAULT-VALUE}).")
    int partitions;
}
