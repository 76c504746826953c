package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.channel.Channel;
import io.geoalert.consumer.channel.Delivery;
import io.geoalert.consumer.channel.Outcome;
import io.geoalert.consumer.delivery.AlertDeliveryService;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Alert;
import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.geoalert.ops.SupervisedLoop;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the alerts of one subscription through its channel, in a consumer group of its own
 * ({@code <groupPrefix>.<subscriptionId>}), so its progress is durable and a destination that is down
 * holds up no other subscription. The rounds run under a {@link SupervisedLoop}: when they fail they
 * start again with new Kafka clients from the committed offsets. The circuit breaker and recent
 * deliveries outlive such restarts.
 */
public final class SubscriptionDispatcher implements Service {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionDispatcher.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final DispatchSettings settings;
    private final Subscription subscription;
    private final Channel channel;
    private final RecentDeliveries recent;
    private final DispatchMetrics metrics;
    private final Clock clock;
    private final CircuitBreaker breaker;
    private final SupervisedLoop loop;
    private final String clientId;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile DispatchLoop rounds;
    private volatile boolean closing;

    public SubscriptionDispatcher(
            DispatchSettings settings,
            Subscription subscription,
            Channel channel,
            RecentDeliveries recent,
            MeterRegistry registry,
            Clock clock) {
        this(settings, subscription, channel, recent, new DispatchMetrics(registry), Backoff.LOOP_RESTART, clock);
    }

    SubscriptionDispatcher(
            DispatchSettings settings,
            Subscription subscription,
            Channel channel,
            RecentDeliveries recent,
            DispatchMetrics metrics,
            Backoff restartBackoff,
            Clock clock) {
        this.settings = settings;
        this.subscription = subscription;
        this.channel = channel;
        this.recent = recent;
        this.metrics = metrics;
        this.clock = clock;
        this.breaker = new CircuitBreaker(settings.breakerThreshold(), settings.breakerCoolDown(), clock);
        int instance = INSTANCES.incrementAndGet();
        this.clientId = settings.groupOf(subscription.id()) + "-" + instance;
        this.loop = new SupervisedLoop(
                "dispatch-" + subscription.id(), this::deliver, restartBackoff, metrics.registry(), clock);
    }

    public Subscription subscription() {
        return subscription;
    }

    @Override
    public String name() {
        return "dispatch." + subscription.id();
    }

    @Override
    public void start() {
        loop.start();
        log.info(
                "subscription {}: delivering {} through {} in group {}",
                subscription.id(),
                settings.topic(),
                channel.type(),
                settings.groupOf(subscription.id()));
    }

    /** The body of the supervised loop: one consumer, one producer and one record reader while it runs. */
    private void deliver(SupervisedLoop.Control control) {
        KafkaConsumer<String, byte[]> kafka =
                settings.kafka().consumer(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
        KafkaConsumer<String, byte[]> reader = null;
        KafkaProducer<String, byte[]> producer = null;
        try {
            reader = settings.kafka().consumer(readerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
            producer = settings.kafka().producer(producerConfig(), new StringSerializer(), new ByteArraySerializer());
            consumer = kafka;
            if (closing) {
                return; // close() may have missed this consumer: it looked before it was published
            }
            DeliveryLog deliveryLog = new DeliveryLog(
                    settings.deliveriesTopic(), subscription.id(), settings.rememberedDeliveries(), reader, producer);
            deliveryLog.load();
            DispatchLoop current = new DispatchLoop(
                    kafka,
                    producer,
                    deliveryLog,
                    subscription,
                    channel,
                    settings,
                    metrics,
                    recent,
                    breaker,
                    clock,
                    () -> control.running() && !closing);
            rounds = current;
            current.subscribe();
            try {
                while (control.running() && !closing) {
                    current.runOnce(POLL);
                    control.healthy();
                }
            } catch (WakeupException e) {
                if (control.running() && !closing) {
                    throw e;
                }
            }
            finish(current);
        } finally {
            rounds = null;
            consumer = null;
            closeQuietly(kafka, reader, producer);
        }
    }

    /** Writes the last delivery records and commits; a wake-up meant for the poll may land here once. */
    private static void finish(DispatchLoop current) {
        try {
            current.finish();
        } catch (WakeupException e) {
            current.finish();
        }
    }

    private static void closeQuietly(
            KafkaConsumer<String, byte[]> kafka,
            KafkaConsumer<String, byte[]> reader,
            KafkaProducer<String, byte[]> producer) {
        try {
            kafka.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            log.warn("dispatch consumer did not close cleanly: {}", DispatchLoop.describe(e));
        }
        if (reader != null) {
            reader.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupOf(subscription.id()));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.fromEarliest() ? "earliest" : "latest");
        // alerts are written in Streams transactions; never deliver an aborted one
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putAll(settings.overrides());
        return config;
    }

    private Map<String, Object> readerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-records");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = AlertDeliveryService.boundedProducerConfig(clientId + "-out");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    /**
     * Sends a recent message again through the channel, as a new attempt under the same delivery id;
     * empty when the id is not among the recent deliveries.
     */
    public Optional<DeliveryAttempt> redeliver(String deliveryId) {
        Optional<Delivery> last = recent.message(deliveryId);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        Delivery again = last.get().nextAttempt();
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = channel.send(again);
        } catch (RuntimeException e) {
            log.error("subscription {}: channel {} failed on a redelivery", subscription.id(), channel.type(), e);
            outcome = new Outcome.Retry(0, "channel failed: " + DispatchLoop.describe(e), null);
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String result;
        String error;
        if (outcome instanceof Outcome.Sent) {
            result = DispatchMetrics.SENT;
            error = null;
            metrics.count(channel.type(), DispatchMetrics.SENT, again.alerts().size());
        } else if (outcome instanceof Outcome.Retry retry) {
            result = "retry";
            error = retry.error();
            metrics.count(channel.type(), DispatchMetrics.RETRIED, 1);
        } else {
            result = DispatchMetrics.REFUSED;
            error = ((Outcome.Refused) outcome).error();
            metrics.count(
                    channel.type(), DispatchMetrics.REFUSED, again.alerts().size());
        }
        DeliveryAttempt attempt = new DeliveryAttempt(
                clock.instant(),
                again.deliveryId(),
                again.alerts().stream().map(Alert::alertId).toList(),
                again.digest(),
                again.attempt(),
                outcome.status(),
                latencyMs,
                result,
                error,
                true);
        recent.add(attempt, again);
        log.info(
                "subscription {}: delivery {} sent again (attempt {}): {}",
                subscription.id(),
                deliveryId,
                again.attempt(),
                result);
        return Optional.of(attempt);
    }

    /** Alerts held back by quiet hours, a digest or the rate limit. */
    public int held() {
        DispatchLoop current = rounds;
        return current == null ? 0 : current.held();
    }

    /** Alerts released and waiting to be sent (or retried, or set aside). */
    public int queued() {
        DispatchLoop current = rounds;
        return current == null ? 0 : current.queued();
    }

    public boolean circuitOpen() {
        return breaker.state() == CircuitBreaker.State.OPEN;
    }

    /** DOWN while the circuit is open, the loop fails, or Kafka does not take what delivery writes. */
    @Override
    public Health.Status health() {
        String who = "subscription " + subscription.id() + " (" + channel.type() + ")";
        Health.Status loopHealth = loop.health();
        if (!loopHealth.up()) {
            return Health.Status.down(who + ": " + loopHealth.detail());
        }
        DispatchLoop current = rounds;
        if (breaker.state() == CircuitBreaker.State.OPEN) {
            return Health.Status.down(who + ": circuit open since " + breaker.openedAt() + " after "
                    + breaker.failures() + " failure(s) in a row; last error: "
                    + (current == null ? "unknown" : current.lastError())
                    + "; next try after " + breaker.openUntil());
        }
        if (current == null) {
            return Health.Status.up(who + ": starting");
        }
        String problem = current.problem();
        if (problem != null) {
            return Health.Status.down(who + ": " + problem);
        }
        String retrying = current.lastError();
        return Health.Status.up(who + ": " + current.held() + " held, " + current.queued() + " queued"
                + (retrying == null ? "" : "; failing since the last success: " + retrying));
    }

    @Override
    public void close() {
        closing = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        loop.close();
        try {
            channel.close();
        } catch (RuntimeException e) {
            log.warn("subscription {}: channel did not close cleanly: {}", subscription.id(), e.toString());
        }
    }
}
