package io.geoalert.consumer.subscription;

import io.geoalert.changes.ChangeKind;
import io.geoalert.changes.ChangeTopic;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads and writes subscription changes on {@code geoalert.subscriptions}. The subscriptions in
 * force are the configured ones overlaid by the latest record of each id on the topic (see
 * {@link SubscriptionsFollower}).
 */
public final class SubscriptionsTopic implements AutoCloseable {

    static final ChangeKind<SubscriptionRecord> KIND = new ChangeKind<>(
            Topics.SUBSCRIPTIONS,
            SubscriptionRecord.class,
            "subscription",
            "geoalert.subscriptions",
            "geoalert.subscription",
            "GET /v1/subscriptions",
            "the configured ones",
            "its being in force");

    private final KafkaClients kafka;
    private final ChangeTopic<SubscriptionRecord> topic;
    private final Clock clock;

    public SubscriptionsTopic(KafkaClients kafka, Clock clock) {
        this.kafka = kafka;
        this.topic = new ChangeTopic<>(kafka, KIND);
        this.clock = clock;
    }

    /** Creates the topic (compacted, one partition) when it is missing. */
    public void ensure() {
        TopicSetup.ensure(kafka, List.of(TopicSetup.subscriptionsTopic()));
    }

    /**
     * The latest record written for each id, read to the current end, so that a writer such as
     * {@code subscriptions add} numbers its changes after them. Unreadable records are skipped.
     */
    public Map<String, SubscriptionRecord> readAll(Duration timeout) {
        return topic.readAll(timeout);
    }

    static KafkaConsumer<String, byte[]> consumer(KafkaClients kafka) {
        return ChangeTopic.consumer(kafka, KIND);
    }

    /**
     * Writes a subscription at {@code version} (assigned by the caller as one above the version in
     * force; the subscription's own version is ignored), secrets as written.
     *
     * @return the record written
     */
    public SubscriptionRecord put(Subscription subscription, int version) {
        return topic.write(SubscriptionRecord.put(subscription, version, clock.instant()));
    }

    /** As {@link #put(Subscription, int)}, numbering after the latest records read with {@link #readAll}. */
    public SubscriptionRecord put(Subscription subscription, Map<String, SubscriptionRecord> current) {
        return put(subscription, nextVersion(subscription.id(), current));
    }

    /** Writes a deletion marker for the subscription at {@code version}. */
    public SubscriptionRecord delete(String id, int version) {
        return topic.write(SubscriptionRecord.delete(id, version, clock.instant()));
    }

    /** One above the latest version written for {@code id} (configured subscriptions are at 0). */
    public static int nextVersion(String id, Map<String, SubscriptionRecord> current) {
        SubscriptionRecord onTopic = current.get(id);
        return (onTopic == null ? 0 : onTopic.version()) + 1;
    }

    @Override
    public void close() {
        topic.close();
    }
}
