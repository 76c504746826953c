package io.geoalert.kafka;

import io.geoalert.model.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics geoalert uses when they are missing; existing topics are left as they
 * are. The replication factor is the cluster's default, so it suits one node and many.
 */
public final class TopicSetup {

    private TopicSetup() {}

    /** The pipeline's fixed topics plus one alert topic per category. */
    public static List<NewTopic> pipelineTopics(int partitions, Collection<String> categories) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name :
                List.of(Topics.NEWS_RAW, Topics.NEWS_DLQ, Topics.ALERTS, Topics.ALERTS_TRENDS, Topics.ALERTS_DLQ)) {
            topics.add(topic(name, partitions));
        }
        topics.add(topic(Topics.RULES, 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(subscriptionsTopic());
        // one record per item id, forgotten after 30 days: bounded however long feeds run
        topics.add(topic(Topics.FEEDS_SEEN, partitions)
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(java.time.Duration.ofDays(30).toMillis()))));
        // one record per alert delivered to a subscription: repeats after a restart are recognised for 7 days
        topics.add(topic(Topics.DELIVERIES, partitions)
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(java.time.Duration.ofDays(7).toMillis()))));
        for (String category : Set.copyOf(categories)) {
            topics.add(topic(Topics.alertsFor(category), partitions));
        }
        return topics;
    }

    /** {@code geoalert.subscriptions}: compacted, one partition, like {@code geoalert.rules}. */
    public static NewTopic subscriptionsTopic() {
        return topic(Topics.SUBSCRIPTIONS, 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    }

    /** The alert topics of the given categories. */
    public static List<NewTopic> categoryTopics(int partitions, Collection<String> categories) {
        return Set.copyOf(categories).stream()
                .map(c -> topic(Topics.alertsFor(c), partitions))
                .toList();
    }

    private static NewTopic topic(String name, int partitions) {
        return new NewTopic(name, Optional.of(partitions), Optional.empty());
    }

    /** As {@link #ensure(KafkaClients, List)} on a plain cluster. */
    public static List<String> ensure(String bootstrapServers, List<NewTopic> topics) {
        return ensure(KafkaClients.of(bootstrapServers), topics);
    }

    /** Creates whichever of the topics do not exist yet; returns the names created. */
    public static List<String> ensure(KafkaClients kafka, List<NewTopic> topics) {
        String bootstrapServers = kafka.bootstrapServers();
        try (Admin admin = kafka.admin(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> created = new ArrayList<>();
            var results = admin.createTopics(missing).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + entry.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e);
                    }
                }
            }
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + bootstrapServers + " did not answer: "
                            + (e.getCause() == null ? e : e.getCause()).toString(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
