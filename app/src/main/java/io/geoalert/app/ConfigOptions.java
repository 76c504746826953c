package io.geoalert.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.geoalert.app.config.ConfigFile;
import io.geoalert.app.config.ConfigKey;
import io.geoalert.app.config.ConfigKeys;
import io.geoalert.app.config.ConfigKeys.FileKey;
import io.geoalert.app.config.ConfigKeys.Shape;
import io.geoalert.consumer.subscription.InvalidSubscriptionException;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.consumer.subscription.SubscriptionParser;
import io.geoalert.model.Json;
import io.geoalert.model.NewsLimits;
import io.geoalert.producer.source.Source;
import io.geoalert.producer.source.SourcesConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: the YAML configuration. Its sections set the options ({@code streams:
 * {story-window: 48h}} for {@code --story-window}, see {@link ConfigKeys}); its {@code feeds:} list
 * the producer polls, its {@code limits:} map sets the largest NewsItem accepted (see {@link
 * NewsLimits}), its {@code subscriptions:} list says who gets which alerts, and how, and its {@code
 * kafka:} map holds client properties. Secrets may come from the environment instead.
 */
final class ConfigOptions {

    static final String TOKEN_KEY = "http.token";
    static final String ADMIN_TOKEN_KEY = "http.admin-token";

    private static final List<String> NODES = List.of("run", "producer", "streams", "consumer");

    /** The keys of this file alone: the other keys are the options'. */
    static final List<FileKey> FILE_KEYS = List.of(
            fileKey(
                    "feeds",
                    Shape.LIST,
                    "list",
                    "Feeds the producer polls, each {id, type, interval, ...} (see Feeds).",
                    List.of("run", "producer")),
            fileKey(
                    "limits",
                    Shape.MAP,
                    "map of integers",
                    "Largest NewsItem accepted, e.g. {maxBodyChars: 200000, maxTags: 10} (see Topics, Item limits).",
                    NODES),
            fileKey(
                    "subscriptions",
                    Shape.LIST,
                    "list",
                    "Who gets which alerts, and how: each {id, filter, channel, schedule} (see Delivery).",
                    List.of("run", "consumer")),
            secret(
                    TOKEN_KEY,
                    "Bearer token every HTTP route but /health needs; also makes the server listen on every address."),
            secret(ADMIN_TOKEN_KEY, "Token that rule and subscription changes over HTTP need."),
            FileKey.entriesOf("kafka.<property>", ConfigOptions::clientPropertyNames));

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "YAML configuration: a key for each option (streams: {story-window: 48h}), 'feeds' to poll,"
                            + " 'limits' on items, 'subscriptions', 'kafka' client properties (see README; geoalert config keys).")
    Path file;

    private JsonNode root;
    private List<Subscription> subscriptions;

    /** The client properties of the file and the environment. */
    Map<String, String> kafkaProperties() throws IOException {
        return kafkaProperties(System.getenv());
    }

    /**
     * The configuration file's {@code kafka:} map of client properties (security settings), each
     * overridden by its variable in {@code env}, e.g. {@code GEOALERT_KAFKA_SASL_JAAS_CONFIG} for
     * {@code sasl.jaas.config}; empty without either.
     */
    Map<String, String> kafkaProperties(Map<String, String> env) throws IOException {
        Set<String> names = clientPropertyNames();
        Map<String, String> out = new LinkedHashMap<>();
        section("kafka", "a map of client properties such as {security.protocol: SSL}")
                .properties()
                .forEach(e -> {
                    if (!names.contains(e.getKey())) {
                        // an option's key, such as kafka.bootstrap-servers, which picocli reads; an
                        // unknown one was refused, with the key meant, when the file was read
                        return;
                    }
                    if (e.getValue().isContainerNode()) {
                        throw new IllegalArgumentException("kafka." + e.getKey() + " must be a single value");
                    }
                    out.put(e.getKey(), e.getValue().asText());
                });
        for (String name : names) {
            String value = env.get(ConfigKey.envName("kafka." + name));
            if (value != null && !value.isBlank()) {
                out.put(name, value);
            }
        }
        return out;
    }

    /**
     * The HTTP tokens by their environment variables: from {@code env}, else from the file's
     * {@code http.token} and {@code http.admin-token}.
     */
    Map<String, String> secrets(Map<String, String> env) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : List.of(TOKEN_KEY, ADMIN_TOKEN_KEY)) {
            String variable = ConfigKey.envName(key);
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                JsonNode inFile = root().path("http").get(key.substring("http.".length()));
                value = inFile == null || inFile.isNull() ? null : inFile.asText();
            }
            if (value != null) {
                out.put(variable, value);
            }
        }
        return out;
    }

    /** Reads {@code limits:} and puts them in force for this process; the defaults when there is none. */
    NewsLimits installLimits() throws IOException {
        NewsLimits limits = limits();
        NewsLimits.install(limits);
        return limits;
    }

    /** The limits {@code limits:} sets, the defaults when there is none. */
    NewsLimits limits() throws IOException {
        Map<String, Integer> overrides = new LinkedHashMap<>();
        section("limits", "a map such as {maxBodyChars: 200000}").properties().forEach(e -> {
            if (!e.getValue().canConvertToInt()) {
                throw new IllegalArgumentException(
                        "limits." + e.getKey() + " must be a whole number, was " + e.getValue());
            }
            overrides.put(e.getKey(), e.getValue().intValue());
        });
        return NewsLimits.DEFAULTS.with(overrides);
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
            root = file == null
                    ? JsonNodeFactory.instance.objectNode()
                    : ConfigFile.read(file).root();
        }
        return root;
    }

    /** The names of the Kafka clients' properties, which the {@code kafka:} map may set. */
    static Set<String> clientPropertyNames() {
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        names.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG); // --bootstrap-servers sets it
        return names;
    }

    private static FileKey fileKey(String key, Shape shape, String type, String description, List<String> commands) {
        return FileKey.of(new ConfigKey(key, "", type, "", List.of(), description, commands), shape);
    }

    private static FileKey secret(String key, String description) {
        return FileKey.of(
                new ConfigKey(
                        key,
                        "",
                        "string (secret)",
                        "",
                        List.of(ConfigKey.envName(key)),
                        description + " From the environment or this file, never the command line.",
                        NODES),
                Shape.VALUE);
    }
}
