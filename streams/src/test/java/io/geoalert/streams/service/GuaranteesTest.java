package io.geoalert.streams.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.streams.service.Guarantees.ProcessingGuarantee;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class GuaranteesTest {

    private static final StreamsSettings SETTINGS =
            new StreamsSettings("unused:9092", "guarantees-test", Path.of("state"), 1, 6, Optional.empty(), Map.of());

    @Test
    void defaultsAreExactlyOnceWithOneStandbyAndTheShortestSessionAStockBrokerAccepts() {
        Guarantees defaults = SETTINGS.guarantees();
        assertEquals(Guarantees.DEFAULTS, defaults);
        assertEquals(ProcessingGuarantee.EXACTLY_ONCE_V2, defaults.processingGuarantee());
        assertEquals(Duration.ofMillis(50), defaults.commitInterval());
        assertEquals(1, defaults.standbyReplicas());
        assertEquals(Duration.ofSeconds(6), defaults.sessionTimeout());
        assertEquals(Duration.ofMillis(1500), defaults.heartbeatInterval());
    }

    @Test
    void streamsRunWithTheGuaranteesAndAFastFailover() {
        StreamsConfig config = new StreamsConfig(StreamsService.properties(SETTINGS, new SimpleMeterRegistry()));
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(50L, config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(1, config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertEquals("classic", config.getString(StreamsConfig.GROUP_PROTOCOL_CONFIG));
        Map<String, Object> consumer = config.getMainConsumerConfigs("guarantees-test", "client", 0);
        assertEquals(6000, consumer.get("session.timeout.ms"));
        assertEquals(1500, consumer.get("heartbeat.interval.ms"));
        assertTrue(consumer.get("group.instance.id").toString().startsWith("guarantees-test-"));
        Map<String, Object> producer = config.getProducerConfigs("client");
        assertEquals(10_000, producer.get("transaction.timeout.ms"));
    }

    @Test
    void atLeastOnceCommitsAtItsOwnIntervalAndOpensNoTransactions() {
        Guarantees fast =
                new Guarantees(ProcessingGuarantee.AT_LEAST_ONCE, Duration.ofMillis(30), 0, Duration.ofSeconds(10));
        Properties props = StreamsService.properties(SETTINGS.withGuarantees(fast), new SimpleMeterRegistry());
        StreamsConfig config = new StreamsConfig(props);
        assertEquals(StreamsConfig.AT_LEAST_ONCE, config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(30L, config.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(0, config.getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertEquals(10_000, config.getMainConsumerConfigs("g", "c", 0).get("session.timeout.ms"));
        assertFalse(props.containsKey("producer.transaction.timeout.ms"), props.toString());
    }

    @Test
    void anUnknownGuaranteeIsRefusedNamingTheKeyAndTheValuesAllowed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ProcessingGuarantee.of("exactly_once"));
        assertEquals(
                "streams.processing-guarantee must be one of exactly_once_v2, at_least_once, was 'exactly_once'",
                e.getMessage());
    }

    @Test
    void aSessionTheBrokerWouldRefuseIsRefusedNamingTheKey() {
        IllegalArgumentException shorter = assertThrows(
                IllegalArgumentException.class,
                () -> new Guarantees(
                        ProcessingGuarantee.EXACTLY_ONCE_V2, Duration.ofMillis(100), 1, Duration.ofSeconds(3)));
        assertTrue(
                shorter.getMessage().startsWith("streams.session-timeout must be between 6s and 30m"),
                shorter.getMessage());
        IllegalArgumentException longer = assertThrows(
                IllegalArgumentException.class,
                () -> new Guarantees(
                        ProcessingGuarantee.EXACTLY_ONCE_V2, Duration.ofMillis(100), 1, Duration.ofHours(1)));
        assertTrue(longer.getMessage().startsWith("streams.session-timeout must be between"), longer.getMessage());
    }

    @Test
    void aCommitIntervalTheTransactionCannotHoldIsRefusedNamingBothKeys() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Guarantees(
                        ProcessingGuarantee.EXACTLY_ONCE_V2, Duration.ofSeconds(6), 1, Duration.ofSeconds(30)));
        assertEquals(
                "streams.commit-interval must be at most 5s with streams.processing-guarantee exactly_once_v2"
                        + " (half the transaction timeout), was 6000 ms",
                e.getMessage());
        assertEquals(
                Duration.ofSeconds(30),
                new Guarantees(ProcessingGuarantee.AT_LEAST_ONCE, Duration.ofSeconds(30), 1, Duration.ofSeconds(6))
                        .commitInterval(),
                "at least once opens no transaction");
        IllegalArgumentException zero = assertThrows(
                IllegalArgumentException.class,
                () -> new Guarantees(ProcessingGuarantee.AT_LEAST_ONCE, Duration.ZERO, 1, Duration.ofSeconds(6)));
        assertTrue(zero.getMessage().startsWith("streams.commit-interval must be a positive span"), zero.getMessage());
    }

    @Test
    void aNegativeStandbyCountIsRefusedNamingTheKey() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Guarantees(
                        ProcessingGuarantee.EXACTLY_ONCE_V2, Duration.ofMillis(100), -1, Duration.ofSeconds(6)));
        assertEquals("streams.standby-replicas must be between 0 and 10, was -1", e.getMessage());
    }
}
