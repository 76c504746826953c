package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.consumer.dispatch.DispatchSettings;
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
                                false));
        assertTrue(
                clash.getMessage().startsWith("consumer.group-id must differ from streams.application-id"),
                clash.getMessage());
    }

    @Test
    void aConsumerDeliversToSubscriptionsWithTheDefaultSettingsUnlessGivenOthers() {
        KafkaClients kafka = KafkaClients.of("b:9092");
        NodeSettings node = NodeSettings.of(kafka, 3, HttpSettings.defaults());
        assertEquals(Optional.empty(), node.dispatch(), "no consumer, no delivery");
        ConsumerSettings consumer = new ConsumerSettings("b:9092", "geoalert-consumer", 3, Duration.ZERO, Map.of());
        assertEquals(
                Optional.of(DispatchSettings.defaults(kafka)),
                node.withConsumer(consumer, Optional.empty(), false).dispatch());
        DispatchSettings mine = DispatchSettings.defaults(kafka).withGroupPrefix("desk");
        assertEquals(
                Optional.of(mine),
                node.withDispatch(mine)
                        .withConsumer(consumer, Optional.empty(), false)
                        .dispatch());
    }

    @Test
    void refusesAConsumerGroupInsideTheSubscriptionsGroups() {
        IllegalArgumentException clash = assertThrows(
                IllegalArgumentException.class,
                () -> NodeSettings.of(KafkaClients.of("b:9092"), 3, HttpSettings.defaults())
                        .withConsumer(
                                new ConsumerSettings("b:9092", "geoalert-dispatch.desk", 3, Duration.ZERO, Map.of()),
                                Optional.empty(),
                                false));
        assertEquals(
                "consumer.group-id must not start with dispatch.group-prefix 'geoalert-dispatch.'"
                        + " ('geoalert-dispatch.desk')",
                clash.getMessage());
    }
}
