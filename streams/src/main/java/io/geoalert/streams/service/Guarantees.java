package io.geoalert.streams.service;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the stream processor promises about each item and how fast a dead instance's work moves to a
 * surviving one: the processing guarantee, the commit interval, standby replicas and the session
 * timeout after which a silent instance is presumed dead.
 *
 * <p>The defaults suit alerting on two instances. Under {@code exactly_once_v2} an alert becomes
 * visible to {@code read_committed} readers when its transaction commits, and each repartition hop
 * waits for one: latency follows the commit interval. A standby replica keeps a copy of each store
 * on another instance, so the survivor can take a task over without restoring all of it. The session
 * timeout bounds how long the group waits before it gives a dead instance's tasks away. Under
 * exactly-once a dead instance also leaves a transaction open, which holds back every reader of the
 * partitions it wrote to until the broker aborts it: that takes the {@linkplain #TRANSACTION_TIMEOUT
 * transaction timeout}; with the default session (6 s) shorter than it, a failover costs about the
 * transaction timeout. A session longer than the transaction timeout is allowed but makes failover
 * wait for the session instead.
 *
 * @param processingGuarantee {@code exactly_once_v2} or {@code at_least_once}
 * @param commitInterval      how often progress is committed (and, under exactly-once, results made visible)
 * @param standbyReplicas     copies of each task's state kept on other instances (none used with one instance)
 * @param sessionTimeout      how long an instance may stay silent before its tasks go to the others
 */
public record Guarantees(
        ProcessingGuarantee processingGuarantee,
        Duration commitInterval,
        int standbyReplicas,
        Duration sessionTimeout) {

    /**
     * The least session timeout a stock broker accepts ({@code group.min.session.timeout.ms}); a shorter
     * one would be refused when the instance joins its group.
     */
    public static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);

    /** The longest a stock broker accepts ({@code group.max.session.timeout.ms}). */
    public static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);

    /**
     * How long an exactly-once transaction may stay open before the broker aborts it (Kafka Streams'
     * own default). Longer than the session, so that a survivor's transaction held open through the
     * rebalance that hands it a dead instance's tasks is not aborted too; no shorter, because on a busy
     * machine that rebalance and the restoring it starts took over 6 s.
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Exactly-once, 50 ms commits, one standby, a 6 s session: the fastest failover a stock broker allows.
     * A first alert waits for two commits, so the interval sets its latency: on two cores at 1,000 items/s
     * ({@code geoalert bench}) 50 ms gave p50/p99 100/144-153 ms against 181-188/515-558 ms at Kafka
     * Streams' 100 ms, with twice the commits, stream-thread CPU per item within the runs' spread and the
     * same items/s.
     */
    public static final Guarantees DEFAULTS =
            new Guarantees(ProcessingGuarantee.EXACTLY_ONCE_V2, Duration.ofMillis(50), 1, MIN_SESSION_TIMEOUT);

    /** The processing guarantees Kafka Streams offers, by their configuration values. */
    public enum ProcessingGuarantee {
        EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
        AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

        private final String value;

        ProcessingGuarantee(String value) {
            this.value = value;
        }

        /** The value of {@code processing.guarantee}. */
        public String value() {
            return value;
        }

        /** The guarantee named by its configuration value; the error names the key and the values allowed. */
        public static ProcessingGuarantee of(String value) {
            return Arrays.stream(values())
                    .filter(g -> g.value.equals(value))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("streams.processing-guarantee must be one of "
                            + Arrays.stream(values()).map(g -> g.value).collect(Collectors.joining(", "))
                            + ", was '" + value + "'"));
        }
    }

    public Guarantees {
        if (processingGuarantee == null) {
            throw new IllegalArgumentException("streams.processing-guarantee must be exactly_once_v2 or at_least_once");
        }
        if (sessionTimeout == null
                || sessionTimeout.compareTo(MIN_SESSION_TIMEOUT) < 0
                || sessionTimeout.compareTo(MAX_SESSION_TIMEOUT) > 0) {
            throw new IllegalArgumentException("streams.session-timeout must be between 6s and 30m (the broker's"
                    + " group.min.session.timeout.ms and group.max.session.timeout.ms by default), was "
                    + sessionTimeout);
        }
        if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException(
                    "streams.commit-interval must be a positive span such as 100ms, was " + commitInterval);
        }
        // an exactly-once transaction stays open for a commit interval; it must end well inside its timeout
        if (processingGuarantee == ProcessingGuarantee.EXACTLY_ONCE_V2
                && commitInterval.multipliedBy(2).compareTo(TRANSACTION_TIMEOUT) > 0) {
            throw new IllegalArgumentException("streams.commit-interval must be at most 5s with"
                    + " streams.processing-guarantee exactly_once_v2 (half the transaction timeout), was "
                    + commitInterval.toMillis() + " ms");
        }
        if (standbyReplicas < 0 || standbyReplicas > 10) {
            throw new IllegalArgumentException(
                    "streams.standby-replicas must be between 0 and 10, was " + standbyReplicas);
        }
    }

    /** The same settings under another processing guarantee. */
    public Guarantees with(ProcessingGuarantee other) {
        return new Guarantees(other, commitInterval, standbyReplicas, sessionTimeout);
    }

    /** How often a live instance heartbeats: a quarter of the session, so one lost heartbeat costs nothing. */
    public Duration heartbeatInterval() {
        return sessionTimeout.dividedBy(4);
    }
}
