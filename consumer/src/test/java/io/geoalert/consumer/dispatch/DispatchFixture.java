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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
                        true),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    static void produce(String topic, List<Alert> alerts) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (Alert alert : alerts) {
                var unused = producer.send(new ProducerRecord<>(topic, alert.itemId(), Json.toBytes(alert)));
            }
            producer.flush();
        }
    }
}
