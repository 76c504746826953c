package io.geoalert.app;

import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.streams.topology.GeoalertTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the nodes the integration tests start: HTTP on a free loopback port, state under a test folder. */
final class TestNodes {

    private TestNodes() {}

    /** Producer and stream processor, with {@code name} as the streams application id. */
    static NodeSettings producerAndStreams(KafkaClients kafka, String name, Path dir) {
        return NodeSettings.of(kafka, 3, new HttpSettings("127.0.0.1", 0, null, 1 << 20))
                .withProducer(ProducerSettings.of(kafka), List.of())
                .withStreams(new StreamsSettings(
                        kafka,
                        name,
                        dir.resolve("streams"),
                        1,
                        3,
                        Optional.empty(),
                        Map.of(),
                        GeoalertTopology.DEFAULT_REPEAT_WINDOW,
                        GeoalertTopology.DEFAULT_STORY_WINDOW,
                        StreamsSettings.DEFAULT_MAX_CATEGORIES));
    }

    /** The whole pipeline; the consumer's group is {@code name-consumer}, delivering nowhere but the recent view. */
    static NodeSettings pipeline(KafkaClients kafka, String name, Path dir) {
        return producerAndStreams(kafka, name, dir)
                .withConsumer(
                        new ConsumerSettings(kafka, name + "-consumer", 1, Duration.ZERO, Map.of()),
                        Optional.empty(),
                        false);
    }
}
