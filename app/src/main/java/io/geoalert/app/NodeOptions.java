package io.geoalert.app;

import io.geoalert.kafka.KafkaClients;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/**
 * The options every service command shares — cluster and client properties, partitions, HTTP, the
 * configuration file — read once into the settings of a node that runs nothing yet.
 */
final class NodeOptions {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    TopicOptions topics;

    @Mixin
    HttpOptions http;

    @Mixin
    ConfigOptions config;

    /** Puts the item limits in force and returns the node's settings for the configured cluster. */
    NodeSettings settings(int defaultHttpPort) throws IOException {
        return settings(defaultHttpPort, clients(cluster.resolve()));
    }

    /** The configured client properties (security) for the cluster at {@code bootstrap}. */
    KafkaClients clients(String bootstrap) throws IOException {
        return cluster.clients(bootstrap, config.kafkaProperties());
    }

    /** Puts the item limits in force and returns the node's settings for {@code kafka}. */
    NodeSettings settings(int defaultHttpPort, KafkaClients kafka) throws IOException {
        config.installLimits();
        return NodeSettings.of(kafka, topics.partitions, http.settings(defaultHttpPort));
    }
}
