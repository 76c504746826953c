package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.consumer.channel.Channel;
import io.geoalert.consumer.channel.Channels;
import io.geoalert.consumer.subscription.AlertFilter;
import io.geoalert.consumer.subscription.QuietHours;
import io.geoalert.consumer.subscription.RateLimit;
import io.geoalert.consumer.subscription.Schedule;
import io.geoalert.consumer.subscription.SecretRef;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.ops.Backoff;
import io.geoalert.testing.KafkaFixture;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the dispatch integration tests share: topics of their own, alerts, subscriptions, settings. */
final class DispatchFixture {

    /** The signing secret of the tests' webhook subscriptions, which their {@link Receiver}s check. */
    static final String SECRET = "dispatch-it-signing-secret";

    /** The production channels: signed webhooks through the shared HTTP client. */
    static final Channels CHANNELS =
            new Channels(Channels.httpClient(), Clock.systemUTC(), SecretRef.system(), System.out, false);

    private DispatchFixture() {}

    static String bootstrap() {
        return KafkaFixture.bootstrapServers();
    }

    /** The internal topics (deliveries, dead letters) and a fresh alert topic of three partitions. */
    static String alertTopic(String run) throws Exception {
        TopicSetup.ensure(bootstrap(), TopicSetup.pipelineTopics(3, Topics.DEFAULT_CATEGORIES));
        String topic = "dispatch-it-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            awaitLeaders(admin, topic);
        }
        return topic;
    }

    /** Settings for tests: the test's topic from its beginning, quick retries and a short cool-down. */
    static DispatchSettings settings(String topic) {
        return DispatchSettings.defaults(KafkaClients.of(bootstrap()))
                .withTopic(topic)
                .withFromEarliest(true)
                .withRetry(
                        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(15))
                .withBreaker(5, Duration.ofSeconds(2));
    }

    static Subscription webhook(String id, URI url) {
        return subscription(id, url, Schedule.INSTANT, null, null);
    }

    static Subscription subscription(String id, URI url, Schedule schedule, QuietHours quiet, RateLimit rate) {
        return new Subscription(
                id,
                "test " + id,
                true,
                1,
                AlertFilter.ALL,
                new Subscription.ChannelSpec(
                        "webhook", Map.of("url", url.toString(), "secrets", List.of(SECRET), "format", "raw")),
                schedule,
                quiet,
                rate);
    }

    /** The subscription's real channel, as a node builds it: a webhook signed with {@link #SECRET}. */
    static Channel channel(Subscription subscription) {
        return CHANNELS.create(subscription);
    }

    /** An unsigned posting channel that tells the receiver the attempt number (for the redelivery test). */
    static PostingChannel postingChannel(Subscription subscription) {
        return new PostingChannel(
                URI.create((String) subscription.channel().settings().get("url")));
    }

    static List<Alert> alerts(String prefix, int n) {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            alerts.add(TestAlerts.alert(prefix + "-" + i, "sanctions", "Sanctions widened " + i, Instant.now()));
        }
        return alerts;
    }

    /** The sum of the offsets a consumer group committed on {@code topic}. */
    static long committed(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            return admin
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        }
    }

    /** Waits until the group committed {@code total} over the topic's partitions. */
    static void awaitCommitted(String group, String topic, long total, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = committed(group, topic);
            if (last == total) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("group " + group + " committed " + last + " on " + topic + ", expected " + total);
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        10_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        30_000),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /**
     * Writes the alerts, every one acknowledged: a send that fails (a busy broker right after the
     * topic's creation can leave an idempotent producer retrying out-of-order sequences) is sent
     * again from a fresh producer, so a test never starts with alerts silently missing.
     */
    static void produce(String topic, List<Alert> alerts) throws Exception {
        List<Alert> pending = alerts;
        for (int round = 1; !pending.isEmpty(); round++) {
            List<Alert> failed = new java.util.ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = producer()) {
                List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
                for (Alert alert : pending) {
                    sent.add(producer.send(new ProducerRecord<>(topic, alert.itemId(), Json.toBytes(alert))));
                }
                for (int i = 0; i < sent.size(); i++) {
                    try {
                        sent.get(i).get(60, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        failed.add(pending.get(i));
                    }
                }
            }
            if (!failed.isEmpty() && round == 3) {
                throw new IllegalStateException(failed.size() + " test alerts not acknowledged after 3 rounds");
            }
            pending = failed;
        }
    }

    private static void awaitLeaders(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (leadersElected(admin, topic)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(topic + " has partitions without a leader after 30 s");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Whether every partition has a leader. The controller acknowledges a creation before the broker
     * answering may know the topic, so "unknown topic" right after it means "not yet", not a failure.
     */
    private static boolean leadersElected(Admin admin, String topic) throws Exception {
        try {
            return admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }
}
