package io.geoalert.streams.service;

import io.geoalert.ops.Health;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.reload.RulesFollower;
import io.geoalert.streams.reload.RulesRoutes;
import io.geoalert.streams.reload.RulesTopic;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.topology.GeoalertTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/** Runs the geoalert topology with exactly-once processing, and reports its state to {@code /health}. */
public final class StreamsService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    private final StreamsSettings settings;
    private final AtomicReference<RuleMatcher> matcher;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final RulePack base;
    private final RulesTopic rulesTopic;
    private final RulesFollower follower;

    public StreamsService(StreamsSettings settings, MeterRegistry registry, Clock clock) throws IOException {
        this.settings = settings;
        this.base = settings.rulesFile().isPresent() ? RulePack.load(settings.rulesFile().get()) : RulePack.defaults();
        this.matcher = new AtomicReference<>(RuleMatcher.compile(base));
        log.info("base rules: {} rules in categories {} from {}", base.rules().size(), base.categories(),
                settings.rulesFile().map(Object::toString).orElse("the default pack"));
        this.rulesTopic = new RulesTopic(settings.bootstrapServers(), clock);
        this.follower = new RulesFollower(settings.bootstrapServers(), settings.partitions(), base, matcher, registry, clock);
        this.streams = new KafkaStreams(GeoalertTopology.build(matcher::get, registry, clock), properties(settings));
        this.streams.setUncaughtExceptionHandler(error -> {
            // processing errors that are not bad data are bugs: stop loudly rather than skip records
            failure.set(error.toString());
            log.error("streams processing failed, shutting the client down: {}", error.toString(), error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        this.streams.setStateListener((now, before) -> log.info("streams state {} -> {}", before, now));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
    }

    static Properties properties(StreamsSettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        // alerts must reach analysts within a second; EOS commits are the latency floor
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // the behaviour Kafka 5.0 makes default
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.putAll(settings.overrides());
        return props;
    }

    /** Puts the rules on {@code geoalert.rules} in force (creating their topics), then starts processing. */
    public void start() {
        follower.catchUp(Duration.ofSeconds(15));
        Thread thread = new Thread(follower, "geoalert-rules-follower");
        thread.setDaemon(true);
        thread.start();
        streams.start();
    }

    /** The HTTP routes that read and change the rules of this instance. */
    public RulesRoutes rulesRoutes() {
        return new RulesRoutes(rulesTopic, follower, base, matcher::get);
    }

    /** The rules in force. */
    public RulePack rules() {
        return matcher.get().pack();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** UP while running or rebalancing; DOWN otherwise, with the reason when it failed. */
    public Health.Status health() {
        KafkaStreams.State state = streams.state();
        return switch (state) {
            case RUNNING, REBALANCING -> Health.Status.up(state.name());
            default -> Health.Status.down(failure.get() == null ? state.name() : state.name() + ": " + failure.get());
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
