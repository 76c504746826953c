package io.geoalert.streams.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The settings Kafka Streams ends up with, as it resolves them for its stream threads. */
class StreamsServicePropertiesTest {

    @Test
    void streamsProducersLingerFiveMillisecondsUnderExactlyOnceAndOneUnderAtLeastOnce() {
        assertEquals(5, producerConfig(Map.of()).get(ProducerConfig.LINGER_MS_CONFIG), "the default guarantee");
        assertEquals(
                5,
                producerConfig(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2))
                        .get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals(
                1,
                producerConfig(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE))
                        .get(ProducerConfig.LINGER_MS_CONFIG));
        StreamsSettings atLeastOnce = new StreamsSettings(
                        "127.0.0.1:9092", "props-test", Path.of("unused"), 1, 3, Optional.empty(), Map.of())
                .withGuarantees(Guarantees.DEFAULTS.with(Guarantees.ProcessingGuarantee.AT_LEAST_ONCE));
        assertEquals(
                1,
                new StreamsConfig(StreamsService.properties(atLeastOnce, new SimpleMeterRegistry()))
                        .getProducerConfigs("props-test-producer")
                        .get(ProducerConfig.LINGER_MS_CONFIG),
                "chosen by --processing-guarantee");
    }

    @Test
    void anOverrideStillSetsTheLinger() {
        assertEquals("100", producerConfig(Map.of("producer.linger.ms", "100")).get(ProducerConfig.LINGER_MS_CONFIG));
    }

    @Test
    void aTaskReadingNewsAndStoriesByUrlNeverWaitsForOneOfThemToBeFetched() {
        StreamsSettings settings = new StreamsSettings(
                "127.0.0.1:9092", "props-test", Path.of("unused"), 1, 3, Optional.empty(), Map.of());
        assertEquals(
                StreamsConfig.MAX_TASK_IDLE_MS_DISABLED,
                new StreamsConfig(StreamsService.properties(settings, new SimpleMeterRegistry()))
                        .getLong(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG));
    }

    private static Map<String, Object> producerConfig(Map<String, String> overrides) {
        StreamsSettings settings = new StreamsSettings(
                "127.0.0.1:9092", "props-test", Path.of("unused"), 1, 3, Optional.empty(), overrides);
        return new StreamsConfig(StreamsService.properties(settings, new SimpleMeterRegistry()))
                .getProducerConfigs("props-test-producer");
    }
}
