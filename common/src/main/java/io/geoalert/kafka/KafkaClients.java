package io.geoalert.kafka;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one place every Kafka producer, consumer and admin client of geoalert (and the Kafka
 * Streams configuration) is built: the cluster's bootstrap servers plus client properties given by
 * the operator — {@code security.protocol}, {@code ssl.*}, {@code sasl.*} and the like — which reach
 * every client. A client's own settings come first; the operator's properties are laid over them,
 * so a secured cluster needs nothing else.
 */
public record KafkaClients(String bootstrapServers, Map<String, String> properties) {

    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z][a-z0-9]*([._-][a-z0-9]+)*");

    public KafkaClients {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        properties.keySet().forEach(KafkaClients::requireKnown);
        if (properties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException(
                    "kafka.bootstrap.servers is set with --bootstrap-servers, not as a client property");
        }
    }

    /** A plain cluster: no client properties beyond the bootstrap servers. */
    public static KafkaClients of(String bootstrapServers) {
        return new KafkaClients(bootstrapServers, Map.of());
    }

    /** The same cluster with more client properties (later ones win). */
    public KafkaClients with(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(more);
        return new KafkaClients(bootstrapServers, all);
    }

    private static void requireKnown(String name) {
        if (name == null || !PROPERTY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("kafka." + name + " is not a Kafka client property name");
        }
        if (!known().contains(name)) {
            throw new IllegalArgumentException("kafka." + name + " is not a property of the Kafka clients "
                    + "(producer, consumer or admin); see the Kafka documentation for client configs");
        }
    }

    private static Set<String> known() {
        Set<String> names = new TreeSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return names;
    }

    /** A client configuration: bootstrap servers, then the client's own settings, then the operator's properties. */
    public Map<String, Object> config(Map<String, ?> own) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(own);
        config.putAll(properties);
        return config;
    }

    public <K, V> KafkaProducer<K, V> producer(Map<String, ?> own, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(config(own), keys, values);
    }

    public <K, V> KafkaConsumer<K, V> consumer(Map<String, ?> own, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(config(own), keys, values);
    }

    public Admin admin(Map<String, ?> own) {
        return Admin.create(config(own));
    }

    /** What is safe to show: the bootstrap servers and the property names, never their values. */
    @Override
    public String toString() {
        return "KafkaClients[bootstrapServers=" + bootstrapServers + ", properties="
                + new TreeMap<>(properties).keySet() + "]";
    }
}
