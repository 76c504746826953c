package io.geoalert.app;

import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.consumer.dispatch.DispatchSettings;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.producer.source.Source;
import io.geoalert.streams.service.StreamsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one geoalert process runs: any of producer, streams and consumer, behind one HTTP
 * server, with the pipeline's topics created when missing ({@code partitions} each). The consumer
 * delivers to the terminal when {@code console}, and to {@code alertsFile}.
 *
 * @param subscriptions the config file's subscriptions, which the consumer overlays with {@code geoalert.subscriptions}
 * @param dispatch how the consumer delivers to the subscriptions; set with the consumer (defaults) or by
 *     {@link #withDispatch}
 */
public record NodeSettings(
        KafkaClients kafka,
        int partitions,
        HttpSettings http,
        Optional<ProducerSettings> producer,
        Optional<StreamsSettings> streams,
        Optional<ConsumerSettings> consumer,
        Optional<Path> alertsFile,
        boolean console,
        List<Source> feeds,
        List<Subscription> subscriptions,
        Optional<DispatchSettings> dispatch) {

    public NodeSettings {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("kafka.partitions must be at least 1, was " + partitions);
        }
        feeds = feeds == null ? List.of() : List.copyOf(feeds);
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
        if (streams != null
                && consumer != null
                && streams.isPresent()
                && consumer.isPresent()
                && streams.get().applicationId().equals(consumer.get().groupId())) {
            // one group cannot hold a Streams application and a plain consumer: whichever joins second is refused
            throw new IllegalArgumentException("consumer.group-id must differ from streams.application-id ('"
                    + consumer.get().groupId() + "')");
        }
        dispatch = dispatch == null ? Optional.empty() : dispatch;
        if (consumer != null
                && consumer.isPresent()
                && dispatch.isPresent()
                && consumer.get().groupId().startsWith(dispatch.get().groupPrefix() + ".")) {
            // the delivery service would join the group of a subscription's deliveries
            throw new IllegalArgumentException("consumer.group-id must not start with dispatch.group-prefix '"
                    + dispatch.get().groupPrefix() + ".' ('" + consumer.get().groupId() + "')");
        }
    }

    /** A node that runs nothing yet: add services with the {@code with} methods. */
    public static NodeSettings of(KafkaClients kafka, int partitions, HttpSettings http) {
        return new NodeSettings(
                kafka,
                partitions,
                http,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                List.of(),
                List.of(),
                Optional.empty());
    }

    /** The same node running the producer, which polls {@code newFeeds}. */
    public NodeSettings withProducer(ProducerSettings settings, List<Source> newFeeds) {
        return new NodeSettings(
                kafka,
                partitions,
                http,
                Optional.of(settings),
                streams,
                consumer,
                alertsFile,
                console,
                newFeeds,
                subscriptions,
                dispatch);
    }

    /** The same node running the stream processor. */
    public NodeSettings withStreams(StreamsSettings settings) {
        return new NodeSettings(
                kafka,
                partitions,
                http,
                producer,
                Optional.of(settings),
                consumer,
                alertsFile,
                console,
                feeds,
                subscriptions,
                dispatch);
    }

    /**
     * The same node running the consumer, delivering to the file and (when {@code toConsole}) the
     * terminal, and to the subscriptions with the default delivery settings unless {@link #withDispatch}
     * gave others.
     */
    public NodeSettings withConsumer(ConsumerSettings settings, Optional<Path> file, boolean toConsole) {
        return new NodeSettings(
                kafka,
                partitions,
                http,
                producer,
                streams,
                Optional.of(settings),
                file,
                toConsole,
                feeds,
                subscriptions,
                dispatch.isPresent() ? dispatch : Optional.of(DispatchSettings.defaults(kafka)));
    }

    /** The same node delivering to subscriptions with these settings (when it runs the consumer). */
    public NodeSettings withDispatch(DispatchSettings settings) {
        return new NodeSettings(
                kafka,
                partitions,
                http,
                producer,
                streams,
                consumer,
                alertsFile,
                console,
                feeds,
                subscriptions,
                Optional.of(settings));
    }

    /** The same node with these configured subscriptions (the consumer follows changes to them). */
    public NodeSettings withSubscriptions(List<Subscription> configured) {
        return new NodeSettings(
                kafka, partitions, http, producer, streams, consumer, alertsFile, console, feeds, configured, dispatch);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
