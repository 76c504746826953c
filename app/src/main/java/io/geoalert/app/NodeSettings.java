package io.geoalert.app;

import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.streams.service.StreamsSettings;

import io.geoalert.producer.source.Source;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one geoalert process runs: any of producer, streams and consumer, behind one HTTP
 * server, with the pipeline's topics created when missing ({@code partitions} each). The consumer delivers to the terminal when {@code console}, and to {@code alertsFile}.
 */
public record NodeSettings(KafkaClients kafka, int partitions, HttpSettings http,
                           Optional<ProducerSettings> producer,
                           Optional<StreamsSettings> streams,
                           Optional<ConsumerSettings> consumer,
                           Optional<Path> alertsFile,
                           boolean console,
                           int recentAlerts,
                           List<Source> feeds) {

    public NodeSettings {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("kafka.partitions must be at least 1, was " + partitions);
        }
        feeds = feeds == null ? List.of() : List.copyOf(feeds);
        if (streams != null && consumer != null && streams.isPresent() && consumer.isPresent()
                && streams.get().applicationId().equals(consumer.get().groupId())) {
            // one group cannot hold a Streams application and a plain consumer: whichever joins second is refused
            throw new IllegalArgumentException("consumer.group-id must differ from streams.application-id ('"
                    + consumer.get().groupId() + "')");
        }
        if (recentAlerts < 1) {
            throw new IllegalArgumentException("consumer.recent-alerts must be at least 1, was " + recentAlerts);
        }
    }

    /** Settings for a plain cluster (no client properties). */
    public NodeSettings(String bootstrapServers, int partitions, HttpSettings http, Optional<ProducerSettings> producer,
                        Optional<StreamsSettings> streams, Optional<ConsumerSettings> consumer, Optional<Path> alertsFile,
                        boolean console, int recentAlerts, List<Source> feeds) {
        this(KafkaClients.of(bootstrapServers), partitions, http, producer, streams, consumer, alertsFile, console,
                recentAlerts, feeds);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
