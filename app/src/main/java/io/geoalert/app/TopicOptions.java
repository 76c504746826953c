package io.geoalert.app;

import picocli.CommandLine.Option;

/** How the services create the topics they need when missing. */
final class TopicOptions {

    @Option(
            names = "--partitions",
            defaultValue = "3",
            description =
                    "Partitions of the topics geoalert creates when they are missing (default: ${DEFAULT-VALUE}).")
    int partitions;
}
