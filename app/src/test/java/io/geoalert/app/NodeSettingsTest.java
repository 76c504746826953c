package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.streams.service.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeSettingsTest {

    @Test
    void refusesAConsumerGroupNamedLikeTheStreamsApplication() {
        IllegalArgumentException clash = assertThrows(
                IllegalArgumentException.class,
                () -> NodeSettings.of(KafkaClients.of("b:9092"), 3, HttpSettings.defaults())
                        .withStreams(new StreamsSettings(
                                "b:9092", "same", Path.of("state"), 1, 3, Optional.empty(), Map.of()))
                        .withConsumer(
                                new ConsumerSettings("b:9092", "same", 3, Duration.ZERO, Map.of()),
                                Optional.empty(),
                                false,
                                10));
        assertTrue(
                clash.getMessage().startsWith("consumer.group-id must differ from streams.application-id"),
                clash.getMessage());
    }
}
