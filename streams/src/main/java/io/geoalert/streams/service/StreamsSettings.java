package io.geoalert.streams.service;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.streams.topology.GeoalertTopology;
import io.geoalert.streams.trend.TrendSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the streams service. {@code rulesFile} empty means the bundled default pack;
 * {@code repeatWindow} is how long an item id is remembered so a repeat raises nothing;
 * {@code storyWindow} is how long after its first item a story takes copies (which update its alerts
 * instead of raising new ones);
 * {@code maxCategories} caps the categories (each one a topic) rules may create;
 * {@code alertsRetention} is how long after its first version an alert stays in the alerts view ({@code GET
 * /v1/alerts});
 * {@code trends} say when a category's or entity's count of stories is a spike;
 * {@code guarantees} are the processing guarantee, commit interval and failover settings;
 * {@code overrides} go to Kafka Streams as they are.
 */
public record StreamsSettings(
        KafkaClients kafka,
        String applicationId,
        Path stateDir,
        int threads,
        int partitions,
        Optional<Path> rulesFile,
        Map<String, String> overrides,
        Duration repeatWindow,
        Duration storyWindow,
        int maxCategories,
        Duration alertsRetention,
        TrendSettings trends,
        Guarantees guarantees) {

    public static final int DEFAULT_MAX_CATEGORIES = 50;

    public StreamsSettings {
        if (kafka == null) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must not be empty");
        }
        if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "streams.application-id must be letters, digits, '.', '_' or '-', was '" + applicationId + "'");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("streams.threads must be between 1 and 64, was " + threads);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("kafka.partitions must be at least 1, was " + partitions);
        }
        if (repeatWindow == null || repeatWindow.isNegative() || repeatWindow.isZero()) {
            throw new IllegalArgumentException(
                    "streams.repeat-window must be a positive span such as 7d, was " + repeatWindow);
        }
        if (storyWindow == null || storyWindow.isNegative() || storyWindow.isZero()) {
            throw new IllegalArgumentException(
                    "streams.story-window must be a positive span such as 48h, was " + storyWindow);
        }
        if (maxCategories < 1 || maxCategories > 1000) {
            throw new IllegalArgumentException(
                    "streams.max-categories must be between 1 and 1000, was " + maxCategories);
        }
        if (alertsRetention == null || alertsRetention.toMinutes() < 1) {
            throw new IllegalArgumentException(
                    "streams.alerts-retention must be a span of at least 1m such as 7d, was " + alertsRetention);
        }
        trends = trends == null ? TrendSettings.DEFAULTS : trends;
        guarantees = guarantees == null ? Guarantees.DEFAULTS : guarantees;
        rulesFile = rulesFile == null ? Optional.empty() : rulesFile;
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    /** Settings with the default alerts retention (7 days), trend settings and guarantees. */
    public StreamsSettings(
            KafkaClients kafka,
            String applicationId,
            Path stateDir,
            int threads,
            int partitions,
            Optional<Path> rulesFile,
            Map<String, String> overrides,
            Duration repeatWindow,
            Duration storyWindow,
            int maxCategories) {
        this(
                kafka,
                applicationId,
                stateDir,
                threads,
                partitions,
                rulesFile,
                overrides,
                repeatWindow,
                storyWindow,
                maxCategories,
                GeoalertTopology.DEFAULT_ALERTS_RETENTION,
                TrendSettings.DEFAULTS,
                Guarantees.DEFAULTS);
    }

    /** The same settings with other trend settings. */
    public StreamsSettings withTrends(TrendSettings other) {
        return new StreamsSettings(
                kafka,
                applicationId,
                stateDir,
                threads,
                partitions,
                rulesFile,
                overrides,
                repeatWindow,
                storyWindow,
                maxCategories,
                alertsRetention,
                other,
                guarantees);
    }

    /**
     * Settings for a plain cluster with the default repeat window (7 days), story window (48 hours),
     * category limit (50), alerts retention (7 days) and trend settings.
     */
    public StreamsSettings(
            String bootstrapServers,
            String applicationId,
            Path stateDir,
            int threads,
            int partitions,
            Optional<Path> rulesFile,
            Map<String, String> overrides) {
        this(
                KafkaClients.of(bootstrapServers),
                applicationId,
                stateDir,
                threads,
                partitions,
                rulesFile,
                overrides,
                GeoalertTopology.DEFAULT_REPEAT_WINDOW,
                GeoalertTopology.DEFAULT_STORY_WINDOW,
                DEFAULT_MAX_CATEGORIES);
    }

    /** These settings with other guarantees. */
    public StreamsSettings withGuarantees(Guarantees other) {
        return new StreamsSettings(
                kafka,
                applicationId,
                stateDir,
                threads,
                partitions,
                rulesFile,
                overrides,
                repeatWindow,
                storyWindow,
                maxCategories,
                alertsRetention,
                trends,
                other);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
