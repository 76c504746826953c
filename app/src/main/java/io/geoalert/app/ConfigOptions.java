package io.geoalert.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.geoalert.consumer.subscription.InvalidSubscriptionException;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.consumer.subscription.SubscriptionParser;
import io.geoalert.model.Json;
import io.geoalert.model.NewsLimits;
import io.geoalert.producer.source.Source;
import io.geoalert.producer.source.SourcesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: the YAML configuration, whose {@code feeds:} list the producer polls, whose
 * {@code limits:} map sets the largest NewsItem accepted (see {@link NewsLimits}) and whose
 * {@code subscriptions:} list says who gets which alerts, and how.
 */
final class ConfigOptions {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "YAML configuration: 'feeds' to poll, 'limits' on items, 'subscriptions', 'kafka' client properties"
                            + " (see README).")
    Path file;

    private JsonNode root;
    private List<Subscription> subscriptions;

    /** The configuration file's {@code kafka:} map of client properties (security settings), empty without one. */
    Map<String, String> kafkaProperties() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        section("kafka", "a map of client properties such as {security.protocol: SSL}")
                .properties()
                .forEach(e -> {
                    if (e.getValue().isContainerNode()) {
                        throw new IllegalArgumentException("kafka." + e.getKey() + " must be a single value");
                    }
                    out.put(e.getKey(), e.getValue().asText());
                });
        return out;
    }

    /** Reads {@code limits:} and puts them in force for this process; the defaults when there is none. */
    NewsLimits installLimits() throws IOException {
        Map<String, Integer> overrides = new LinkedHashMap<>();
        section("limits", "a map such as {maxBodyChars: 200000}").properties().forEach(e -> {
            if (!e.getValue().canConvertToInt()) {
                throw new IllegalArgumentException(
                        "limits." + e.getKey() + " must be a whole number, was " + e.getValue());
            }
            overrides.put(e.getKey(), e.getValue().intValue());
        });
        NewsLimits limits = NewsLimits.DEFAULTS.with(overrides);
        NewsLimits.install(limits);
        return limits;
    }

    List<Source> feeds() throws IOException {
        return SourcesConfig.load(Json.MAPPER.convertValue(root(), new TypeReference<HashMap<String, Object>>() {}));
    }

    /**
     * The file's {@code subscriptions:} list, read once and validated whole: every problem is named by
     * its key, e.g. {@code subscriptions[2].channel.url must be an http(s) URL}; an id used twice too.
     *
     * @throws InvalidSubscriptionException naming every problem
     */
    List<Subscription> subscriptions() throws IOException {
        if (subscriptions == null) {
            subscriptions = readSubscriptions(root().get("subscriptions"));
        }
        return subscriptions;
    }

    private static List<Subscription> readSubscriptions(JsonNode given) {
        if (given == null || given.isNull()) {
            return List.of();
        }
        if (!given.isArray()) {
            throw new IllegalArgumentException(
                    "subscriptions must be a list of subscriptions, each with an id and a channel");
        }
        List<String> problems = new ArrayList<>();
        List<Subscription> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            String key = "subscriptions[" + i + "]";
            Subscription s = SubscriptionParser.parse(given.get(i), null, key, problems);
            if (s == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(s.id(), i);
            if (first != null) {
                problems.add(key + ".id '" + s.id() + "' is already used by subscriptions[" + first + "]");
            }
            out.add(s);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSubscriptionException(problems);
        }
        return List.copyOf(out);
    }

    /** One top-level map of the file, empty when the file or the key is absent. */
    private JsonNode section(String key, String expected) throws IOException {
        JsonNode given = root().get(key);
        if (given == null || given.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!given.isObject()) {
            throw new IllegalArgumentException(key + " must be " + expected);
        }
        return given;
    }

    /** The file, read once; an empty map without {@code --config}. */
    private JsonNode root() throws IOException {
        if (root == null) {
            if (file == null) {
                root = JsonNodeFactory.instance.objectNode();
            } else if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config: no such file " + file);
            } else {
                JsonNode read = new YAMLMapper().readTree(file.toFile());
                root = read == null || read.isMissingNode() || read.isNull()
                        ? JsonNodeFactory.instance.objectNode()
                        : read;
            }
        }
        return root;
    }
}
