package io.geoalert.consumer.delivery;

import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.ops.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's delivery rounds: poll, hand each alert to every sink, set give-ups aside on the
 * dead-letter topic (waiting for Kafka's acknowledgement), flush every sink, and only then commit.
 * A record to retry pauses its partition for the backoff rather than sleeping, so the consumer keeps
 * polling and stays in its group. After a failed flush, dead-letter send or commit nothing past the
 * failure is committed: the consumer seeks back and delivers again (at least once; the alert id makes
 * a repeat recognisable). Not thread-safe: one thread runs it, rebalance callbacks included.
 */
final class DeliveryLoop implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLoop.class);
    /** How long a dead-letter send may take; above the producer's own delivery timeout. */
    static final Duration DEAD_LETTER_WAIT = Duration.ofSeconds(30);

    /** Where the record at the head of a backing-off partition stands. */
    private static final class HeadRetry {
        final long offset;
        Alert alert;
        final Set<String> delivered = new HashSet<>();
        final Map<String, Integer> attempts = new HashMap<>();
        /** Dead-letter stage → why, for give-ups not yet acknowledged on the dead-letter topic. */
        final Map<String, Exception> toSetAside = new LinkedHashMap<>();

        final Set<String> setAside = new HashSet<>();
        int rounds;

        HeadRetry(long offset) {
            this.offset = offset;
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> deadLetters;
    private final List<AlertSink> sinks;
    private final ConsumerSettings settings;
    private final Backoff backoff;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    private final PausedPartitions paused = new PausedPartitions();
    private final Map<TopicPartition, HeadRetry> retries = new HashMap<>();
    /** Offset of the first alert per partition handed to the sinks since their last flush. */
    private final Map<TopicPartition, Long> unflushedFrom = new HashMap<>();
    /** Offset after the last alert per partition delivered everywhere (or set aside) since the last flush. */
    private final Map<TopicPartition, Long> deliveredUpTo = new HashMap<>();
    /** Flushed and awaiting a successful commit. */
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();

    private boolean sinksHoldUnflushed;
    private int flushFailures;
    private volatile String flushProblem;
    private volatile String deadLetterProblem;
    private volatile int pausedCount;

    DeliveryLoop(
            Consumer<String, byte[]> consumer,
            Producer<String, byte[]> deadLetters,
            List<AlertSink> sinks,
            ConsumerSettings settings,
            DeliveryMetrics metrics,
            Clock clock) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.sinks = List.copyOf(sinks);
        this.settings = settings;
        this.backoff = settings.backoff();
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Subscribes to the alert topic with this loop as the rebalance listener. */
    void subscribe() {
        consumer.subscribe(List.of(settings.topic()), this);
    }

    /** One round: resume partitions whose backoff is over, poll, deliver, flush and commit. */
    void runOnce(Duration maxWait) {
        resumeDue();
        long wait = Math.min(maxWait.toMillis(), paused.millisUntilNext(now()));
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(Math.max(1, wait)));
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (!handle(partition, record)) {
                    // come back to this record once the backoff is over; what follows waits behind it
                    consumer.seek(partition, record.offset());
                    pause(partition, retries.get(partition).rounds);
                    break;
                }
                unflushedFrom.putIfAbsent(partition, record.offset());
                deliveredUpTo.put(partition, record.offset() + 1);
            }
        }
        if (sinksHoldUnflushed || !deliveredUpTo.isEmpty()) {
            flushAndCommit();
        } else {
            commit();
        }
        pausedCount = paused.size();
    }

    /** Before leaving: flush and commit what is delivered. */
    void finish() {
        if (sinksHoldUnflushed || !deliveredUpTo.isEmpty()) {
            flushAndCommit();
        } else {
            commit();
        }
    }

    /** Why delivery is stalled, or {@code null} when it flows. */
    String problem() {
        String flush = flushProblem;
        return flush != null ? flush : deadLetterProblem;
    }

    int pausedPartitions() {
        return pausedCount;
    }

    /** True when the record is delivered to every sink or acknowledged on the dead-letter topic. */
    private boolean handle(TopicPartition partition, ConsumerRecord<String, byte[]> record) {
        HeadRetry head = retries.get(partition);
        if (head == null || head.offset != record.offset()) {
            head = new HeadRetry(record.offset());
            try {
                head.alert = Json.read(record.value(), Alert.class);
            } catch (RuntimeException e) {
                log.warn(
                        "alert {}-{}@{} is unreadable, set aside to {}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        settings.deadLetterTopic(),
                        firstLine(e));
                head.toSetAside.put("consumer.parse", e);
            }
        }
        boolean again = head.alert != null && deliverToSinks(head);
        if (!again) {
            again = !setAside(record, head);
        }
        if (again) {
            head.rounds++;
            retries.put(partition, head);
            return false;
        }
        retries.remove(partition);
        return true;
    }

    /** Hands the alert to every sink that has not had it; true when one of them should be tried again. */
    private boolean deliverToSinks(HeadRetry head) {
        boolean again = false;
        for (AlertSink sink : sinks) {
            String stage = "consumer." + sink.name();
            if (head.delivered.contains(sink.name())
                    || head.toSetAside.containsKey(stage)
                    || head.setAside.contains(stage)) {
                continue;
            }
            try {
                sink.deliver(head.alert);
                sinksHoldUnflushed = true;
                head.delivered.add(sink.name());
                metrics.delivered(sink.name(), head.alert.category());
            } catch (Exception e) {
                metrics.deliveryFailed(sink.name());
                int attempts = head.attempts.merge(sink.name(), 1, Integer::sum);
                if (attempts >= settings.maxAttempts()) {
                    log.warn(
                            "sink {} gave up on alert {} after {} attempts, set aside to {}: {}",
                            sink.name(),
                            head.alert.alertId(),
                            attempts,
                            settings.deadLetterTopic(),
                            firstLine(e));
                    head.toSetAside.put(stage, e);
                } else {
                    again = true;
                }
            }
        }
        return again;
    }

    /** Sends every pending give-up to the dead-letter topic; true when Kafka acknowledged them all. */
    private boolean setAside(ConsumerRecord<String, byte[]> record, HeadRetry head) {
        for (Iterator<Map.Entry<String, Exception>> it =
                        head.toSetAside.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, Exception> giveUp = it.next();
            if (!deadLetter(record, giveUp.getKey(), giveUp.getValue())) {
                return false;
            }
            head.setAside.add(giveUp.getKey());
            it.remove();
        }
        return true;
    }

    private boolean deadLetter(ConsumerRecord<String, byte[]> record, String stage, Exception why) {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.addTo(headers, stage, record.topic(), record.partition(), record.offset(), why);
        try {
            deadLetters
                    .send(new ProducerRecord<>(settings.deadLetterTopic(), null, record.key(), record.value(), headers))
                    .get(DEAD_LETTER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            metrics.deadLettered(stage);
            deadLetterProblem = null;
            return true;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            metrics.deadLetterFailed();
            deadLetterProblem =
                    settings.deadLetterTopic() + " did not acknowledge " + record.topic() + "-" + record.partition()
                            + "@" + record.offset() + ": " + firstLine(cause) + "; nothing past it is committed";
            log.warn(
                    "alert {}-{}@{} could not be set aside to {}: {}; not committing past it, retrying",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    settings.deadLetterTopic(),
                    firstLine(cause));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    private void flushAndCommit() {
        if (!flushSinks()) {
            deliverAgainAfterFailedFlush();
            return;
        }
        deliveredUpTo.forEach((partition, next) -> toCommit.put(partition, new OffsetAndMetadata(next)));
        deliveredUpTo.clear();
        unflushedFrom.clear();
        commit();
    }

    /** Flushes every sink, even after one failed, so that the others' alerts are durable; true when all did. */
    private boolean flushSinks() {
        boolean all = true;
        for (AlertSink sink : sinks) {
            try {
                sink.flush();
            } catch (Exception e) {
                all = false;
                metrics.flushFailed(sink.name());
                flushProblem = "sink " + sink.name() + " failed to flush (" + (flushFailures + 1)
                        + " time(s) in a row): " + firstLine(e) + "; nothing committed since";
                log.warn(
                        "sink {} failed to flush ({} in a row): {}; not committing, delivering again from the last flush",
                        sink.name(),
                        flushFailures + 1,
                        firstLine(e));
            }
        }
        sinksHoldUnflushed = false;
        if (all) {
            if (flushFailures > 0) {
                log.info("sinks flush again after {} failure(s)", flushFailures);
            }
            flushFailures = 0;
            flushProblem = null;
        } else {
            flushFailures++;
        }
        return all;
    }

    /** The sinks dropped what they held: seek back to the first unflushed alert and hold everything back a while. */
    private void deliverAgainAfterFailedFlush() {
        Set<TopicPartition> owned = consumer.assignment();
        unflushedFrom.forEach((partition, from) -> {
            if (owned.contains(partition)) {
                consumer.seek(partition, from);
            }
        });
        unflushedFrom.clear();
        deliveredUpTo.clear();
        // a head record's deliveries were dropped with the rest
        retries.clear();
        long until = now() + backoff.delay(flushFailures).toMillis();
        consumer.pause(owned);
        owned.forEach(partition -> paused.pause(partition, until));
    }

    private void commit() {
        if (toCommit.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.copyOf(toCommit);
        try {
            consumer.commitSync(offsets);
            toCommit.keySet().removeAll(offsets.keySet());
        } catch (RebalanceInProgressException e) {
            // kept: committed on revocation or after the next poll
            metrics.commitFailed("rebalance");
            log.info("commit of {} partition(s) deferred: the group is rebalancing", offsets.size());
        } catch (CommitFailedException e) {
            metrics.commitFailed("fenced");
            log.warn(
                    "commit refused, this consumer is no longer in the group's generation; delivering again from the committed offsets");
            toCommit.clear();
            seekToCommitted(offsets.keySet());
        } catch (RetriableException e) {
            metrics.commitFailed("retriable");
            log.warn("commit failed, trying again after the next poll: {}", firstLine(e));
        }
    }

    private void seekToCommitted(Set<TopicPartition> partitions) {
        Set<TopicPartition> owned = new HashSet<>(partitions);
        owned.retainAll(consumer.assignment());
        if (owned.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(owned);
        for (TopicPartition partition : owned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
            retries.remove(partition);
        }
    }

    private void pause(TopicPartition partition, int round) {
        consumer.pause(List.of(partition));
        paused.pause(partition, now() + backoff.delay(round).toMillis());
    }

    private void resumeDue() {
        Set<TopicPartition> due = paused.due(now());
        due.retainAll(consumer.assignment());
        if (!due.isEmpty()) {
            consumer.resume(due);
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        metrics.rebalance("revoked");
        // hand over cleanly: what the sinks hold is flushed and committed before another member takes over
        if (sinksHoldUnflushed || !deliveredUpTo.isEmpty()) {
            flushAndCommit();
        } else {
            commitBeforeHandOver();
        }
        if (!toCommit.isEmpty()) {
            commitBeforeHandOver();
        }
        forget(partitions);
        log.info("partitions revoked: {}", partitions);
    }

    private void commitBeforeHandOver() {
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(Map.copyOf(toCommit));
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            metrics.commitFailed("handover");
            log.warn(
                    "could not commit before handing partitions over ({}); their next owner delivers those alerts again",
                    firstLine(e));
        }
        toCommit.clear();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        metrics.rebalance("lost");
        log.warn(
                "partitions lost without a clean hand-over: {}; their next owner delivers uncommitted alerts again",
                partitions);
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        metrics.rebalance("assigned");
        log.info("partitions assigned: {}", partitions);
    }

    private void forget(Collection<TopicPartition> partitions) {
        paused.forget(partitions);
        partitions.forEach(partition -> {
            retries.remove(partition);
            unflushedFrom.remove(partition);
            deliveredUpTo.remove(partition);
            toCommit.remove(partition);
        });
        pausedCount = paused.size();
        Set<TopicPartition> left = new HashSet<>(consumer.assignment());
        left.removeAll(partitions);
        if (left.isEmpty()) {
            // nothing is stalled here any more; a stall of a partition's next owner shows on its own health
            flushProblem = null;
            deadLetterProblem = null;
        }
    }

    private long now() {
        return clock.millis();
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
