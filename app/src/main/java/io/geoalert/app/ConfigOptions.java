package io.geoalert.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.geoalert.model.NewsLimits;
import io.geoalert.producer.source.Source;
import io.geoalert.producer.source.SourcesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: the YAML configuration, whose {@code feeds:} list the producer polls and
 * whose {@code limits:} map sets the largest NewsItem accepted (see {@link NewsLimits}).
 */
final class ConfigOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "YAML configuration: 'feeds' to poll, 'limits' on items, 'kafka' client properties (see README).")
    Path file;

    /** The configuration file's {@code kafka:} map of client properties (security settings), empty without one. */
    Map<String, String> kafkaProperties() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (file == null || !Files.isRegularFile(file)) {
            return out;
        }
        JsonNode root = new YAMLMapper().readTree(file.toFile());
        JsonNode given = root == null ? null : root.get("kafka");
        if (given == null || given.isNull()) {
            return out;
        }
        if (!given.isObject()) {
            throw new IllegalArgumentException(
                    "kafka must be a map of client properties such as {security.protocol: SSL}");
        }
        given.properties().forEach(e -> {
            if (e.getValue().isContainerNode()) {
                throw new IllegalArgumentException("kafka." + e.getKey() + " must be a single value");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** Reads {@code limits:} and puts them in force for this process; the defaults when there is none. */
    NewsLimits installLimits() throws IOException {
        NewsLimits limits = NewsLimits.DEFAULTS;
        if (file != null && Files.isRegularFile(file)) {
            JsonNode root = new YAMLMapper().readTree(file.toFile());
            JsonNode given = root == null ? null : root.get("limits");
            if (given != null && !given.isNull()) {
                if (!given.isObject()) {
                    throw new IllegalArgumentException("limits must be a map such as {maxBodyChars: 200000}");
                }
                Map<String, Integer> overrides = new LinkedHashMap<>();
                given.properties().forEach(e -> {
                    if (!e.getValue().canConvertToInt()) {
                        throw new IllegalArgumentException(
                                "limits." + e.getKey() + " must be a whole number, was " + e.getValue());
                    }
                    overrides.put(e.getKey(), e.getValue().intValue());
                });
                limits = limits.with(overrides);
            }
        }
        NewsLimits.install(limits);
        return limits;
    }

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
