package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.channel.Channel;
import io.geoalert.consumer.channel.Delivery;
import io.geoalert.consumer.channel.Outcome;
import io.geoalert.consumer.subscription.AlertFilter;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription's delivery rounds on one consumer: read alerts, pass over those the filter
 * declines or that were delivered before, let the {@link DeliveryPolicy} hold or release them, send
 * what is due in order, retry a transient failure with backoff (reading paused meanwhile, so the
 * consumer stays in its group), set refusals and give-ups aside on the dead-letter topic, write a
 * delivery record for every alert sent (acknowledged before the next send), and commit per partition
 * the lowest offset not yet done.
 * Not thread-safe: one thread runs it, rebalance callbacks included.
 */
final class DispatchLoop implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
    /** The longest a round waits for Kafka (a commit, a dead letter, delivery records). */
    static final Duration KAFKA_WAIT = Duration.ofSeconds(15);
    /** The longest a round sends before it polls again. */
    private static final Duration SEND_BUDGET = Duration.ofSeconds(5);

    /** A message on its way: queued, backing off, or to be set aside. */
    private static final class Outgoing {
        /** Null for an unreadable record, which is only ever set aside. */
        Delivery delivery;
        /** The alerts still to deliver or set aside. */
        final List<PendingAlert> alerts;

        final Instant deadline;
        Instant nextAttemptAt;
        Instant firstAttempt;
        int failures;
        int deadLetterFailures;
        String lastError;
        /** When set, the alerts go to the dead-letter topic for this reason. */
        Exception giveUp;

        Outgoing(Delivery delivery, List<PendingAlert> alerts, Instant deadline) {
            this.delivery = delivery;
            this.alerts = new ArrayList<>(alerts);
            this.deadline = deadline;
        }
    }

    /** An alert sent whose delivery record Kafka has not acknowledged yet. */
    private static final class Unrecorded {
        final PendingAlert alert;
        final String deliveryId;
        final Instant at;
        Future<RecordMetadata> future;

        Unrecorded(PendingAlert alert, String deliveryId, Instant at, Future<RecordMetadata> future) {
            this.alert = alert;
            this.deliveryId = deliveryId;
            this.at = at;
            this.future = future;
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final DeliveryLog deliveryLog;
    private final Subscription subscription;
    private final AlertFilter filter;
    private final Channel channel;
    private final String channelType;
    private final DispatchSettings settings;
    private final DispatchMetrics metrics;
    private final RecentDeliveries recent;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final BooleanSupplier running;

    private final DeliveryPolicy policy;
    private final PartitionProgress progress = new PartitionProgress();
    private final Deque<Outgoing> outbound = new ArrayDeque<>();
    private final List<Unrecorded> unrecorded = new ArrayList<>();
    /** Ids of the alerts held, queued or awaiting their record: a second copy on the topic is passed over. */
    private final Set<String> inFlight = new HashSet<>();

    private volatile String recordProblem;
    private volatile String deadLetterProblem;
    private volatile String lastError;
    private volatile int heldCount;
    private volatile int queuedCount;

    DispatchLoop(
            Consumer<String, byte[]> consumer,
            Producer<String, byte[]> producer,
            DeliveryLog deliveryLog,
            Subscription subscription,
            Channel channel,
            DispatchSettings settings,
            DispatchMetrics metrics,
            RecentDeliveries recent,
            CircuitBreaker breaker,
            Clock clock,
            BooleanSupplier running) {
        this.consumer = consumer;
        this.producer = producer;
        this.deliveryLog = deliveryLog;
        this.subscription = subscription;
        this.filter = subscription.filter() == null ? AlertFilter.ALL : subscription.filter();
        this.channel = channel;
        this.channelType = channel.type();
        this.settings = settings;
        this.metrics = metrics;
        this.recent = recent;
        this.breaker = breaker;
        this.clock = clock;
        this.running = running;
        this.policy = new DeliveryPolicy(subscription, clock);
    }

    void subscribe() {
        consumer.subscribe(List.of(settings.topic()), this);
    }

    /** One round: poll, take what was read, send what is due, settle delivery records, commit. */
    void runOnce(Duration maxWait) {
        holdOrResume();
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(waitMillis(maxWait)));
        for (ConsumerRecord<String, byte[]> record : records) {
            take(record);
        }
        release();
        send();
        settleRecords(KAFKA_WAIT);
        commit();
        holdOrResume();
        heldCount = policy.size();
        queuedCount = outbound.stream().mapToInt(o -> o.alerts.size()).sum();
    }

    /** Before leaving: wait for the delivery records and commit what is done. */
    void finish() {
        settleRecords(KAFKA_WAIT);
        commit();
    }

    /** Why delivery is stalled on Kafka's side, or {@code null}. */
    String problem() {
        String records = recordProblem;
        return records != null ? records : deadLetterProblem;
    }

    /** The destination's last error while the message at the head is being retried, or {@code null}. */
    String lastError() {
        return lastError;
    }

    int held() {
        return heldCount;
    }

    int queued() {
        return queuedCount;
    }

    private long waitMillis(Duration max) {
        Instant now = clock.instant();
        long wait = max.toMillis();
        Instant wake = policy.nextWake();
        if (wake != null) {
            wait = Math.min(wait, Duration.between(now, wake).toMillis());
        }
        Outgoing head = outbound.peekFirst();
        if (head != null && recordProblem == null) {
            wait = head.nextAttemptAt == null
                    ? 0
                    : Math.min(wait, Duration.between(now, head.nextAttemptAt).toMillis());
        }
        return Math.max(0, wait);
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        progress.read(partition, record.offset());
        Instant now = clock.instant();
        Instant received = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : now;
        Alert alert;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            alert = Json.read(record.value(), Alert.class);
            if (alert.alertId() == null || alert.alertId().isBlank()) {
                throw new IllegalArgumentException("alertId is missing");
            }
        } catch (RuntimeException e) {
            log.warn(
                    "subscription {}: alert {}-{}@{} is unreadable, setting it aside to {}: {}",
                    subscription.id(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    settings.deadLetterTopic(),
                    describe(e));
            PendingAlert unreadable =
                    new PendingAlert(partition, record.offset(), record.key(), null, record.value(), received);
            Outgoing aside = new Outgoing(null, List.of(unreadable), now);
            aside.giveUp = e;
            aside.lastError = "unreadable: " + describe(e);
            outbound.addLast(aside);
            return;
        }
        if (!filter.accepts(alert)) {
            progress.done(partition, record.offset());
            metrics.passedOver("filtered");
            return;
        }
        if (deliveryLog.contains(alert.alertId()) || !inFlight.add(alert.alertId())) {
            progress.done(partition, record.offset());
            metrics.passedOver("repeat");
            return;
        }
        PendingAlert pending =
                new PendingAlert(partition, record.offset(), record.key(), alert, record.value(), received);
        if (policy.add(pending) == DeliveryPolicy.Hold.QUIET) {
            metrics.count(channelType, DispatchMetrics.HELD_QUIET, 1);
        }
    }

    /** Queues the messages the policy releases now. */
    private void release() {
        DeliveryPolicy.Due due = policy.due();
        metrics.count(channelType, DispatchMetrics.HELD_RATE, due.rateHeld());
        Instant deadline = clock.instant().plus(settings.giveUpAfter());
        for (DeliveryPolicy.Batch batch : due.batches()) {
            Delivery delivery = new Delivery(
                    UUID.randomUUID().toString(),
                    subscription.id(),
                    batch.alerts().stream().map(PendingAlert::alert).toList(),
                    batch.alerts().stream().map(PendingAlert::json).toList(),
                    batch.digest(),
                    false,
                    1);
            outbound.addLast(new Outgoing(delivery, batch.alerts(), deadline));
        }
    }

    /** Sends queued messages in order until one must wait, the budget is spent, or the loop stops. */
    private void send() {
        long budgetEnd = System.nanoTime() + SEND_BUDGET.toNanos();
        while (!outbound.isEmpty() && running.getAsBoolean() && System.nanoTime() < budgetEnd) {
            if (recordProblem != null) {
                return; // sending on without records would widen what a crash could repeat
            }
            Outgoing head = outbound.peekFirst();
            Instant now = clock.instant();
            if (head.nextAttemptAt != null && now.isBefore(head.nextAttemptAt)) {
                return;
            }
            if (head.giveUp != null) {
                if (!deadLetter(head)) {
                    return;
                }
                outbound.pollFirst();
                continue;
            }
            if (!breaker.allows()) {
                if (head.lastError == null) {
                    head.lastError = lastError; // never tried itself: the destination's last answer speaks for it
                }
                if (!now.isBefore(head.deadline)) {
                    giveUp(
                            head,
                            new DeliveryGaveUpException("not delivered within " + settings.giveUpAfter()
                                    + ": the destination's circuit is open; last error: " + head.lastError));
                    continue;
                }
                head.nextAttemptAt = earlier(breaker.openUntil(), head.deadline);
                return;
            }
            attempt(head, now);
        }
    }

    private void attempt(Outgoing head, Instant now) {
        Delivery delivery = head.delivery;
        if (head.firstAttempt == null) {
            head.firstAttempt = now;
        }
        long started = System.nanoTime();
        Outcome outcome;
        try {
            outcome = channel.send(delivery);
            if (outcome == null) {
                throw new IllegalStateException("channel " + channelType + " returned no outcome");
            }
        } catch (RuntimeException e) {
            // a bug in the channel: loud in the log, but it must not stall the subscription for ever
            log.error(
                    "subscription {}: channel {} failed on delivery {}; treated as a transient failure",
                    subscription.id(),
                    channelType,
                    delivery.deliveryId(),
                    e);
            outcome = new Outcome.Retry(0, "channel failed: " + describe(e), null);
        }
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Instant after = clock.instant();
        if (outcome instanceof Outcome.Sent sent) {
            sent(head, sent, latencyMs, after);
        } else if (outcome instanceof Outcome.Retry retry) {
            retry(head, retry, latencyMs, after);
        } else if (outcome instanceof Outcome.Refused refused) {
            breaker.success(); // it answered: the destination is up
            lastError = null;
            int n = head.alerts.size();
            metrics.count(channelType, DispatchMetrics.REFUSED, n);
            recent.add(attemptLine(delivery, refused.status(), latencyMs, "refused", refused.error(), false), delivery);
            head.lastError = statusAndError(refused.status(), refused.error());
            giveUp(head, new DeliveryGaveUpException("refused: " + head.lastError));
        }
    }

    private void sent(Outgoing head, Outcome.Sent sent, long latencyMs, Instant at) {
        Delivery delivery = head.delivery;
        if (breaker.state() != CircuitBreaker.State.CLOSED) {
            log.info("subscription {}: destination answers again, circuit closed", subscription.id());
        }
        breaker.success();
        lastError = null;
        int n = head.alerts.size();
        metrics.count(channelType, DispatchMetrics.SENT, n);
        if (delivery.digest()) {
            metrics.count(channelType, DispatchMetrics.DIGESTED, n);
        }
        recent.add(attemptLine(delivery, sent.status(), latencyMs, "sent", null, false), delivery);
        for (PendingAlert alert : head.alerts) {
            Instant detected = alert.alert().detectedAt();
            metrics.latency(channelType, Duration.between(detected != null ? detected : head.firstAttempt, at));
            unrecorded.add(new Unrecorded(
                    alert, delivery.deliveryId(), at, deliveryLog.record(alert.alertId(), delivery.deliveryId(), at)));
        }
        outbound.pollFirst();
        // recorded before the next send: a crash can repeat at most the one message in flight
        settleRecords(KAFKA_WAIT);
    }

    private void retry(Outgoing head, Outcome.Retry retry, long latencyMs, Instant now) {
        Delivery delivery = head.delivery;
        head.failures++;
        head.lastError = statusAndError(retry.status(), retry.error());
        lastError = head.lastError;
        metrics.count(channelType, DispatchMetrics.RETRIED, 1);
        recent.add(attemptLine(delivery, retry.status(), latencyMs, "retry", retry.error(), false), delivery);
        boolean wasClosed = breaker.state() == CircuitBreaker.State.CLOSED;
        if (breaker.failure() && wasClosed) { // a failed probe opens it again without a new line
            log.warn(
                    "subscription {}: circuit open after {} failure(s) in a row ({}); next try after {}",
                    subscription.id(),
                    breaker.failures(),
                    head.lastError,
                    settings.breakerCoolDown());
        }
        if (!now.isBefore(head.deadline)) {
            giveUp(
                    head,
                    new DeliveryGaveUpException("not delivered within " + settings.giveUpAfter() + " (" + head.failures
                            + " attempt(s)); last error: " + head.lastError));
            return;
        }
        Duration delay = settings.retry().delay(head.failures);
        if (retry.after() != null && retry.after().compareTo(delay) > 0) {
            // the destination's own Retry-After, capped so that a silly value cannot park the subscription
            delay = retry.after().compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : retry.after();
        }
        head.nextAttemptAt = earlier(now.plus(delay), head.deadline);
        head.delivery = delivery.nextAttempt();
        log.info(
                "subscription {}: delivery {} failed (attempt {}): {}; retrying in {} ms",
                subscription.id(),
                delivery.deliveryId(),
                delivery.attempt(),
                head.lastError,
                Duration.between(now, head.nextAttemptAt).toMillis());
    }

    private void giveUp(Outgoing head, Exception why) {
        head.giveUp = why;
        head.nextAttemptAt = null;
        if (head.lastError == null) {
            head.lastError = why.getMessage();
        }
        log.warn(
                "subscription {}: gave up on delivery {} ({} alert(s)): {}; setting them aside to {}",
                subscription.id(),
                head.delivery.deliveryId(),
                head.alerts.size(),
                why.getMessage(),
                settings.deadLetterTopic());
    }

    /** Sets a given-up message's alerts aside, each acknowledged by Kafka; false when one was not. */
    private boolean deadLetter(Outgoing head) {
        for (Iterator<PendingAlert> it = head.alerts.iterator(); it.hasNext(); ) {
            PendingAlert alert = it.next();
            RecordHeaders headers = new RecordHeaders();
            DeadLetterHeaders.addTo(
                    headers,
                    "dispatch." + channelType,
                    alert.partition().topic(),
                    alert.partition().partition(),
                    alert.offset(),
                    head.giveUp);
            DeadLetterHeaders.put(headers, DeadLetterHeaders.SUBSCRIPTION, subscription.id());
            DeadLetterHeaders.put(headers, DeadLetterHeaders.LAST_ERROR, head.lastError);
            try {
                producer.send(new ProducerRecord<>(
                                settings.deadLetterTopic(), null, alert.key(), alert.json(), headers))
                        .get(KAFKA_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException | KafkaException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                head.deadLetterFailures++;
                head.nextAttemptAt = clock.instant().plus(settings.retry().delay(head.deadLetterFailures));
                deadLetterProblem = settings.deadLetterTopic() + " did not acknowledge an alert of subscription "
                        + subscription.id() + ": " + describe(cause) + "; nothing past it is committed";
                log.warn(
                        "subscription {}: could not set alert {}-{}@{} aside to {}: {}; retrying",
                        subscription.id(),
                        alert.partition().topic(),
                        alert.partition().partition(),
                        alert.offset(),
                        settings.deadLetterTopic(),
                        describe(cause));
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
            it.remove();
            done(alert);
            metrics.count(channelType, DispatchMetrics.DEAD_LETTERED, 1);
            if (head.delivery != null) {
                recordDeadLettered(head);
            }
        }
        deadLetterProblem = null;
        return true;
    }

    private void recordDeadLettered(Outgoing head) {
        if (!head.alerts.isEmpty()) {
            return; // one line once the whole message is set aside
        }
        Delivery delivery = head.delivery;
        recent.add(
                new DeliveryAttempt(
                        clock.instant(),
                        delivery.deliveryId(),
                        delivery.alerts().stream().map(Alert::alertId).toList(),
                        delivery.digest(),
                        delivery.attempt(),
                        0,
                        0,
                        DispatchMetrics.DEAD_LETTERED,
                        head.giveUp.getMessage(),
                        false),
                delivery);
    }

    /** Marks sent alerts done once their delivery records are acknowledged; resends records that failed. */
    private void settleRecords(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        String problem = null;
        for (Iterator<Unrecorded> it = unrecorded.iterator(); it.hasNext(); ) {
            Unrecorded u = it.next();
            try {
                u.future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                it.remove();
                done(u.alert);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                metrics.recordFailed();
                problem = settings.deliveriesTopic() + " did not acknowledge the delivery record of alert "
                        + u.alert.alertId() + ": " + describe(cause) + "; nothing past it is committed";
                log.warn("subscription {}: {}; writing it again", subscription.id(), problem);
                u.future = deliveryLog.record(u.alert.alertId(), u.deliveryId, u.at);
            } catch (TimeoutException e) {
                problem = settings.deliveriesTopic() + " has not acknowledged " + unrecorded.size()
                        + " delivery record(s) within " + budget + "; nothing past them is committed";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        recordProblem = problem;
    }

    private void done(PendingAlert alert) {
        progress.done(alert.partition(), alert.offset());
        if (alert.alert() != null) {
            inFlight.remove(alert.alertId());
        }
    }

    private void commit() {
        commit(progress.toCommit());
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, KAFKA_WAIT);
            progress.committed(offsets);
        } catch (RebalanceInProgressException e) {
            log.info("subscription {}: commit deferred, the group is rebalancing", subscription.id());
        } catch (CommitFailedException e) {
            // the partitions are gone: the rebalance callbacks forget them and their next owner reads from the last
            // commit
            log.warn(
                    "subscription {}: commit refused, this consumer is no longer in the group's generation",
                    subscription.id());
        } catch (RetriableException e) {
            log.warn("subscription {}: commit failed, trying again next round: {}", subscription.id(), describe(e));
        }
    }

    /** Reading pauses while the head message waits (backoff, open circuit) or too many alerts wait. */
    private void holdOrResume() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return;
        }
        Outgoing head = outbound.peekFirst();
        boolean waiting =
                head != null && head.nextAttemptAt != null && clock.instant().isBefore(head.nextAttemptAt);
        int waitingAlerts =
                policy.size() + outbound.stream().mapToInt(o -> o.alerts.size()).sum() + unrecorded.size();
        boolean hold = waiting || recordProblem != null || waitingAlerts >= settings.maxHeld();
        if (hold) {
            if (!consumer.paused().containsAll(assigned)) {
                consumer.pause(assigned);
            }
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        // hand over cleanly: records of what was sent are written and the lowest offset not done is committed
        settleRecords(KAFKA_WAIT);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(progress.toCommit());
        offsets.keySet().retainAll(partitions);
        try {
            commit(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn(
                    "subscription {}: could not commit before handing partitions over ({}); their next owner"
                            + " reads from the last commit and passes over what was delivered",
                    subscription.id(),
                    describe(e));
        }
        forget(partitions);
        log.info("subscription {}: partitions revoked: {}", subscription.id(), partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        log.warn(
                "subscription {}: partitions lost without a clean hand-over: {}; their next owner reads them again",
                subscription.id(),
                partitions);
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        // another member may have delivered alerts of these partitions since this one last looked
        deliveryLog.catchUp();
        // a new subscription starts where it stands now, durably: a restart before the first commit loses nothing
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), KAFKA_WAIT);
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        for (TopicPartition partition : partitions) {
            if (committed.get(partition) == null) {
                start.put(partition, new OffsetAndMetadata(consumer.position(partition, KAFKA_WAIT)));
            }
        }
        if (!start.isEmpty()) {
            consumer.commitSync(start, KAFKA_WAIT);
            Map<TopicPartition, Long> at = new HashMap<>();
            start.forEach((partition, offset) -> at.put(partition, offset.offset()));
            log.info("subscription {}: first read, starts at {}", subscription.id(), at);
        }
        log.info("subscription {}: partitions assigned: {}", subscription.id(), partitions);
    }

    /** Drops what this consumer holds of partitions it no longer owns; their next owner reads them again. */
    private void forget(Collection<TopicPartition> partitions) {
        Predicate<PendingAlert> gone = alert -> partitions.contains(alert.partition());
        List<PendingAlert> dropped = new ArrayList<>();
        policy.removeIf(alert -> {
            boolean drop = gone.test(alert);
            if (drop) {
                dropped.add(alert);
            }
            return drop;
        });
        for (Iterator<Outgoing> it = outbound.iterator(); it.hasNext(); ) {
            Outgoing o = it.next();
            int before = o.alerts.size();
            o.alerts.removeIf(alert -> {
                boolean drop = gone.test(alert);
                if (drop) {
                    dropped.add(alert);
                }
                return drop;
            });
            if (o.alerts.isEmpty()) {
                it.remove();
            } else if (o.alerts.size() != before && o.delivery != null) {
                Delivery d = o.delivery;
                o.delivery = new Delivery(
                        d.deliveryId(),
                        d.subscriptionId(),
                        o.alerts.stream().map(PendingAlert::alert).toList(),
                        o.alerts.stream().map(PendingAlert::json).toList(),
                        d.digest(),
                        d.test(),
                        d.attempt());
            }
        }
        unrecorded.removeIf(u -> {
            boolean drop = gone.test(u.alert);
            if (drop) {
                dropped.add(u.alert);
            }
            return drop;
        });
        dropped.stream().filter(alert -> alert.alert() != null).forEach(alert -> inFlight.remove(alert.alertId()));
        progress.forget(partitions);
    }

    private DeliveryAttempt attemptLine(
            Delivery delivery, int status, long latencyMs, String outcome, String error, boolean redelivery) {
        return new DeliveryAttempt(
                clock.instant(),
                delivery.deliveryId(),
                delivery.alerts().stream().map(Alert::alertId).toList(),
                delivery.digest(),
                delivery.attempt(),
                status,
                latencyMs,
                outcome,
                error,
                redelivery);
    }

    static String statusAndError(int status, String error) {
        String text = error == null || error.isBlank() ? "no detail" : error;
        return status == 0 ? text : status + " " + text;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
