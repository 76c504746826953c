package io.geoalert.streams.service;

import io.geoalert.model.ItemIds;
import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.geoalert.streams.errors.DeadLetterDeserializationHandler;
import io.geoalert.streams.errors.DeadLetterProcessingHandler;
import io.geoalert.streams.errors.DeadLetterProductionHandler;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.query.ClusterQuery;
import io.geoalert.streams.query.QueryRoutes;
import io.geoalert.streams.query.QueryableStreams;
import io.geoalert.streams.reload.RulesFollower;
import io.geoalert.streams.reload.RulesRoutes;
import io.geoalert.streams.reload.RulesTopic;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.topology.GeoalertTopology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the geoalert topology (exactly-once unless configured otherwise) and reports its state to {@code /health}.
 * Nothing a record does can stop it: bad records go to {@code news.dlq} through the Streams error
 * handlers, and a stream thread that dies of anything else is replaced after a backoff.
 */
public final class StreamsService implements Service {

    /** How long after a thread failure {@code /health} keeps saying DOWN. */
    static final Duration FAILURE_SHOWN_FOR = Duration.ofSeconds(60);

    /** Changelog records read per poll while a store is rebuilt. */
    static final int RESTORE_BATCH_RECORDS = 10_000;

    /**
     * How long the Streams producer waits to fill a batch under exactly-once: the Kafka producer's own default
     * since 4.0 (each commit flushes it anyway, so a longer linger only makes fewer, fuller requests).
     */
    static final int PRODUCER_LINGER_MS = 5;

    /**
     * Under at-least-once a record is visible once it is written, so every linger is latency: an alert crosses
     * two topics after its item's (stories-by-key, alerts). 1 ms against 5 cut at-least-once p50 from 17 to
     * 10-12 ms in {@code geoalert bench} (items/s and CPU per item within the runs' spread).
     */
    static final int AT_LEAST_ONCE_LINGER_MS = 1;

    private static final Backoff THREAD_REPLACEMENT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    private final AtomicReference<RuleMatcher> matcher;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final Clock clock;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicReference<Instant> failedAt = new AtomicReference<>();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final Counter threadFailures;
    private final RulePack base;
    private final RulesTopic rulesTopic;
    private final RulesFollower follower;
    private final TopologyDescription topology;
    private final HostInfo advertised;
    private final MeterRegistry registry;

    /**
     * @param advertised where other instances reach this one's HTTP server ({@code application.server}),
     *     to ask it for its part of a query
     */
    public StreamsService(StreamsSettings settings, HostInfo advertised, MeterRegistry registry, Clock clock)
            throws IOException {
        this.clock = clock;
        this.advertised = advertised;
        this.registry = registry;
        this.base = settings.rulesFile().isPresent()
                ? RulePack.load(settings.rulesFile().get())
                : RulePack.defaults();
        this.matcher = new AtomicReference<>(RuleMatcher.compile(base));
        log.info(
                "base rules: {} rules in categories {} from {}",
                base.rules().size(),
                base.categories(),
                settings.rulesFile().map(Object::toString).orElse("the default pack"));
        this.rulesTopic = new RulesTopic(settings.kafka(), clock);
        this.follower = new RulesFollower(
                settings.kafka(), settings.partitions(), base, settings.maxCategories(), matcher, registry, clock);
        this.threadFailures = Counter.builder("geoalert.streams.thread.failures")
                .description("Stream threads that died of an unexpected error and were replaced")
                .register(registry);
        Topology built = GeoalertTopology.build(
                matcher::get,
                registry,
                clock,
                settings.repeatWindow(),
                settings.storyWindow(),
                settings.alertsRetention(),
                settings.trends());
        this.topology = built.describe();
        Properties props = properties(settings, registry);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
        this.streams = new KafkaStreams(built, props);
        this.streams.setUncaughtExceptionHandler(this::replaceThread);
        this.streams.setStateListener((now, before) -> log.info("streams state {} -> {}", before, now));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        Gauge.builder("geoalert.streams.running", streams, s -> s.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("1 while the Kafka Streams client is RUNNING, 0 in any other state (rebalancing,"
                        + " starting, stopped, failed)")
                .register(registry);
    }

    /** The Kafka Streams configuration of the service: what the topology tests run with too. */
    public static Properties properties(StreamsSettings settings, MeterRegistry registry) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                settings.stateDir().toAbsolutePath().toString());
        putGuarantees(props, settings.guarantees());
        // the task that reads news.raw also reads stories-by-url (candidates from other partitions): the two
        // are independent inputs, so neither waits for the other to be fetched to keep their time order
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // after a crash under exactly-once every store is rebuilt from its changelog before its task
        // processes again: larger restore batches shorten that pause (Kafka's default is 1,000 records)
        props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), RESTORE_BATCH_RECORDS);
        // a record that fails is set aside to news.dlq with the reason, never retried forever
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put("geoalert.meter.registry", registry);
        // static membership: an instance restarted after a crash takes its partitions back at once
        // instead of waiting for its old member's session to expire
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId(settings));
        props.putAll(settings.overrides());
        // records leave for the broker as they are made rather than after Streams' own default linger of
        // 100 ms: an at-least-once repartition hop then costs a millisecond, and an exactly-once commit
        // finds little left to flush, so the stream thread waits less (see geoalert bench); set after the
        // overrides so that it follows the guarantee in force, and an operator's linger still wins
        props.putIfAbsent(
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                StreamsConfig.AT_LEAST_ONCE.equals(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                        ? AT_LEAST_ONCE_LINGER_MS
                        : PRODUCER_LINGER_MS);
        // bootstrap servers and the operator's client properties (security) reach every client Streams makes
        props.putAll(settings.kafka().config(java.util.Map.of()));
        return props;
    }

    /**
     * The processing guarantee, commit interval and failover settings. The classic group protocol,
     * because it lets the client choose a session as short as the broker's 6 s minimum; the streams
     * protocol (KIP-1071) takes its session, heartbeat and standby count from the broker's group
     * configuration instead, whose least session is 45 s unless the operator lowers {@code
     * group.streams.min.session.timeout.ms}.
     */
    private static void putGuarantees(Properties props, Guarantees guarantees) {
        props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                guarantees.processingGuarantee().value());
        // alerts must reach analysts within a second; under exactly-once, commits are the latency floor
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                guarantees.commitInterval().toMillis());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, guarantees.standbyReplicas());
        int session = Math.toIntExact(guarantees.sessionTimeout().toMillis());
        int heartbeat = Math.toIntExact(guarantees.heartbeatInterval().toMillis());
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), session);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), heartbeat);
        if (guarantees.processingGuarantee() == Guarantees.ProcessingGuarantee.EXACTLY_ONCE_V2) {
            int transaction = Math.toIntExact(Guarantees.TRANSACTION_TIMEOUT.toMillis());
            props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), transaction);
        }
    }

    /** Stable across restarts of one instance (same host and state directory), distinct between instances. */
    static String instanceId(StreamsSettings settings) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        String where = host + "|" + settings.stateDir().toAbsolutePath().normalize();
        return settings.applicationId() + "-" + ItemIds.fromKey(where).substring(0, 12);
    }

    private StreamThreadExceptionResponse replaceThread(Throwable error) {
        int attempt = failuresInARow.incrementAndGet();
        Instant previous = failedAt.getAndSet(clock.instant());
        if (previous != null && Duration.between(previous, clock.instant()).compareTo(Duration.ofMinutes(5)) > 0) {
            attempt = 1; // a failure long after the last starts a new series
            failuresInARow.set(attempt);
        }
        failure.set(error.toString());
        threadFailures.increment();
        Duration wait = THREAD_REPLACEMENT.delay(attempt);
        log.error(
                "stream thread failed ({} in a row), replacing it in {} ms: {}",
                attempt,
                wait.toMillis(),
                error.toString());
        try {
            Thread.sleep(wait.toMillis()); // the dying thread waits, so a persistent fault does not spin
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    @Override
    public String name() {
        return "streams";
    }

    /** Puts the rules on {@code geoalert.rules} in force (creating their topics), then starts processing. */
    @Override
    public void start() {
        follower.catchUp(Duration.ofSeconds(15));
        follower.start();
        streams.start();
    }

    /** The HTTP routes that read and change the rules of this instance. */
    public RulesRoutes rulesRoutes() {
        return new RulesRoutes(rulesTopic, follower, base, matcher::get);
    }

    /**
     * The routes answered from this instance's state stores and, through it, every other instance's
     * ({@code GET /v1/alerts}).
     *
     * @param token the bearer token the instances' HTTP servers need, if any
     * @param peers the instances that may be asked and sent the token; empty for any member
     */
    public QueryRoutes queryRoutes(Optional<String> token, List<String> peers) {
        return new QueryRoutes(
                new QueryableStreams(streams, topology, advertised),
                ClusterQuery.DEFAULT_TIMEOUT,
                token,
                peers,
                registry,
                clock);
    }

    /** The rules in force. */
    public RulePack rules() {
        return matcher.get().pack();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The rules follower's health: its loop and the rule records it refused. */
    public Health.Status rulesHealth() {
        return follower.health();
    }

    /**
     * UP while running or rebalancing and no stream thread failed in the last minute; DOWN otherwise,
     * with the reason.
     */
    @Override
    public Health.Status health() {
        KafkaStreams.State state = streams.state();
        Instant lastFailure = failedAt.get();
        boolean failedLately = lastFailure != null
                && Duration.between(lastFailure, clock.instant()).compareTo(FAILURE_SHOWN_FOR) < 0;
        String failureNote =
                lastFailure == null ? "" : "; last thread failure at " + lastFailure + ": " + failure.get();
        return switch (state) {
            case RUNNING, REBALANCING ->
                failedLately
                        ? Health.Status.down(state.name() + ", a stream thread failed and was replaced" + failureNote)
                        : Health.Status.up(state.name() + failureNote);
            default -> Health.Status.down(state.name() + failureNote);
        };
    }

    @Override
    public void close() {
        follower.close();
        rulesTopic.close();
        // leave the group at once, so a restarted instance need not wait out the session timeout
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(5)));
        streamsMetrics.close();
    }
}
