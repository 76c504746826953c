package io.geoalert.consumer.delivery;

import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.geoalert.ops.SupervisedLoop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Reads alerts in a consumer group and hands each to every sink, retrying a failing sink with
 * backoff while its partition is paused; offsets are committed only after every sink flushed and
 * every give-up was acknowledged on {@code alerts.dlq}. The poll loop runs under a
 * {@link SupervisedLoop}: when it fails it restarts with new Kafka clients from the committed offsets.
 */
public final class AlertDeliveryService implements Service {

    private static final Logger log = LoggerFactory.getLogger(AlertDeliveryService.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ConsumerSettings settings;
    private final List<AlertSink> sinks;
    private final MeterRegistry registry;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final String clientId;
    private final SupervisedLoop loop;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile DeliveryLoop delivery;
    private volatile boolean closing;

    public AlertDeliveryService(ConsumerSettings settings, List<AlertSink> sinks, MeterRegistry registry) {
        this(settings, sinks, registry, Backoff.LOOP_RESTART, Clock.systemUTC());
    }

    /** With the backoff between restarts of a failed poll loop, for tests that make it fail. */
    public AlertDeliveryService(
            ConsumerSettings settings,
            List<AlertSink> sinks,
            MeterRegistry registry,
            Backoff restartBackoff,
            Clock clock) {
        this.settings = settings;
        this.sinks = List.copyOf(sinks);
        this.registry = registry;
        this.clock = clock;
        this.metrics = new DeliveryMetrics(registry);
        metrics.sinks(this.sinks.stream().map(AlertSink::name).toList());
        int instance = INSTANCES.incrementAndGet();
        this.clientId = settings.groupId() + (instance == 1 ? "" : "-" + instance);
        this.loop = new SupervisedLoop("delivery", this::deliver, restartBackoff, registry, clock);
        Gauge.builder("geoalert.delivery.partitions.paused", this, s -> {
                    DeliveryLoop current = s.delivery;
                    return current == null ? 0 : current.pausedPartitions();
                })
                .description("Partitions held back while a delivery backs off")
                .register(registry);
    }

    @Override
    public String name() {
        return "consumer";
    }

    @Override
    public void start() {
        loop.start();
        log.info(
                "delivering {} to {} in group {}",
                settings.topic(),
                sinks.stream().map(AlertSink::name).toList(),
                settings.groupId());
    }

    /** The body of the supervised loop: one consumer and one dead-letter producer for as long as it runs. */
    private void deliver(SupervisedLoop.Control control) {
        KafkaConsumer<String, byte[]> kafka =
                settings.kafka().consumer(consumerConfig(), new StringDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> deadLetters = null;
        KafkaClientMetrics kafkaMetrics = new KafkaClientMetrics(kafka);
        try {
            kafkaMetrics.bindTo(registry);
            deadLetters =
                    settings.kafka().producer(producerConfig(), new StringSerializer(), new ByteArraySerializer());
            DeliveryLoop current = new DeliveryLoop(kafka, deadLetters, sinks, settings, metrics, clock);
            consumer = kafka;
            delivery = current;
            if (closing) {
                return; // close() may have missed this consumer: it looked before it was published
            }
            current.subscribe();
            try {
                while (control.running() && !closing) {
                    current.runOnce(POLL);
                    control.healthy();
                }
                current.finish();
            } catch (WakeupException e) {
                if (control.running() && !closing) {
                    throw e;
                }
            }
        } finally {
            delivery = null;
            consumer = null;
            closeQuietly(kafka, deadLetters);
            kafkaMetrics.close();
        }
    }

    private static void closeQuietly(KafkaConsumer<String, byte[]> kafka, KafkaProducer<String, byte[]> deadLetters) {
        try {
            // leaving the group runs the revocation callback, which flushes and commits what is delivered
            kafka.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } catch (RuntimeException e) {
            log.warn("alert consumer did not close cleanly: {}", DeliveryLoop.firstLine(e));
        }
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(3));
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // alerts are written in Streams transactions; never deliver an aborted one
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putAll(settings.overrides());
        return config;
    }

    private Map<String, Object> producerConfig() {
        return boundedProducerConfig(clientId + "-dlq");
    }

    /**
     * A producer for what must be acknowledged before a consumer commits (dead letters, delivery
     * records): idempotent, {@code acks=all}, and failing a send in bounded time, well inside {@code
     * max.poll.interval.ms}, when the topic cannot be reached.
     */
    public static Map<String, Object> boundedProducerConfig(String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        return config;
    }

    /** DOWN while the loop fails or delivery is stalled (a sink cannot flush, alerts.dlq does not acknowledge). */
    @Override
    public Health.Status health() {
        Health.Status loopHealth = loop.health();
        if (!loopHealth.up()) {
            return loopHealth;
        }
        DeliveryLoop current = delivery;
        if (current == null) {
            return Health.Status.up("starting"); // a restart after a failure shows in the loop's health above
        }
        String problem = current.problem();
        if (problem != null) {
            return Health.Status.down(problem);
        }
        int paused = current.pausedPartitions();
        return Health.Status.up("delivering " + settings.topic() + " to "
                + sinks.stream().map(AlertSink::name).toList()
                + (paused == 0 ? "" : "; " + paused + " partition(s) backing off"));
    }

    @Override
    public void close() {
        closing = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        loop.close();
        for (AlertSink sink : sinks) {
            try {
                sink.close();
            } catch (Exception e) {
                log.warn("sink {} did not close cleanly: {}", sink.name(), e.toString());
            }
        }
    }
}
