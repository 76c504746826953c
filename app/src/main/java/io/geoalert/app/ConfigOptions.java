package io.geoalert.app;

import io.geoalert.producer.source.Source;
import io.geoalert.producer.source.SourcesConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code --config FILE}: the YAML configuration, whose {@code feeds:} list the producer polls. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration; its 'feeds' list names the feeds to poll (see README).")
    Path file;

    List<Source> feeds() throws IOException {
        if (file == null) {
            return List.of();
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config: no such file " + file);
        }
        return SourcesConfig.load(file);
    }
}
