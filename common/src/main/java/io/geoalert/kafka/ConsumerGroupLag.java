package io.geoalert.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lag of consumer groups as the broker sees it: for each partition a group has committed,
 * the last stable offset (read_committed) minus the committed offset, summed per group and
 * exported as {@code geoalert.consumer.lag{group}}. It is read from the broker, not from the
 * consumer, so it keeps growing while the consumer is stopped or stuck (when a consumer's own lag
 * metrics vanish). Refreshed in the background; NaN while the broker does not answer.
 */
public final class ConsumerGroupLag implements AutoCloseable {

    public static final String METER = "geoalert.consumer.lag";
    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupLag.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final Admin admin;
    private final MeterRegistry registry;
    private final Map<String, Double> lag = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refresher;

    /** Watches no group yet; {@link #watch} adds them. Refreshes every {@code every}. */
    public ConsumerGroupLag(Admin admin, MeterRegistry registry, Duration every) {
        this.admin = admin;
        this.registry = registry;
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "geoalert-consumer-lag");
            t.setDaemon(true);
            return t;
        });
        var unused = refresher.scheduleWithFixedDelay(
                this::refreshQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Exports the lag of {@code group} (a consumer group id or a Streams application id). */
    public ConsumerGroupLag watch(String group) {
        if (lag.putIfAbsent(group, Double.NaN) == null) {
            Gauge.builder(METER, lag, l -> l.getOrDefault(group, Double.NaN))
                    .tag("group", group)
                    .description("Records on the partitions a consumer group reads that it has not committed yet"
                            + " (last stable offset minus committed offset, summed over its partitions)")
                    .register(registry);
        }
        return this;
    }

    /** The last lag read for {@code group}: NaN when unknown. */
    public double lag(String group) {
        return lag.getOrDefault(group, Double.NaN);
    }

    /** Reads every watched group's lag now. */
    public void refresh() {
        for (String group : Set.copyOf(lag.keySet())) {
            try {
                lag.put(group, (double) read(group));
                if (failing.remove(group)) {
                    log.info("lag of group {} readable again", group);
                }
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                lag.put(group, Double.NaN);
                if (failing.add(group)) {
                    log.warn("lag of group {} not readable: {}", group, e.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long read(String group) throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.forEach((partition, offset) -> {
            if (offset != null) {
                latest.put(partition, OffsetSpec.latest());
            }
        });
        if (latest.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long total = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            total += Math.max(
                    0, end.getValue().offset() - committed.get(end.getKey()).offset());
        }
        return total;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) { // a scheduled task that throws is cancelled silently
            log.warn("consumer lag not refreshed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
