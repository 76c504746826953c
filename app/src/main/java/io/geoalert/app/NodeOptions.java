package io.geoalert.app;

import io.geoalert.kafka.KafkaClients;
import java.io.IOException;
import picocli.CommandLine.Mixin;

/**
 * The options every service command shares — cluster and client properties, partitions, HTTP, the
 * configuration file — read once into the settings of a node that runs nothing yet.
 */
final class NodeOptions {

    /** The cluster a check builds settings for when the options name none it can use: it is never reached. */
    static final KafkaClients CHECKED_CLUSTER = KafkaClients.of("127.0.0.1:9092");

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
        return unlimitedSettings(defaultHttpPort, kafka);
    }

    /** The node's settings for {@code kafka}, the item limits not put in force. */
    NodeSettings unlimitedSettings(int defaultHttpPort, KafkaClients kafka) throws IOException {
        return NodeSettings.of(
                kafka, topics.partitions, http.settings(defaultHttpPort, config.secrets(System.getenv())));
    }

    /** The problems of the shared options, each part on its own: cluster, HTTP, item limits. */
    Problems problems(int defaultHttpPort) throws Exception {
        return new Problems()
                .check(() -> clients(cluster.resolve()))
                .check(() -> http.settings(defaultHttpPort, config.secrets(System.getenv())))
                .check(config::limits)
                .check(() -> unlimitedSettings(defaultHttpPort, CHECKED_CLUSTER));
    }
}
