package io.geoalert.consumer.subscription;

import io.geoalert.changes.ChangeLog;
import io.geoalert.changes.RejectedRecord;
import io.geoalert.changes.Verdict;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The subscription changes read from {@code geoalert.subscriptions} over the configured
 * subscriptions: a {@link ChangeLog} whose records are refused as every change topic's are, and
 * also when they hold no subscription, one that {@link SubscriptionParser} refuses, or one of
 * another id. The subscriptions in force stay as they were.
 */
final class SubscriptionChanges {

    static final int MAX_REJECTED_LISTED = ChangeLog.MAX_REJECTED_LISTED;

    private final ChangeLog<SubscriptionRecord, Subscription> log;

    SubscriptionChanges(List<Subscription> configured, Clock clock) {
        Map<String, Subscription> base = new LinkedHashMap<>();
        for (Subscription s : configured) {
            if (base.put(s.id(), s) != null) {
                throw new IllegalArgumentException("subscription id '" + s.id() + "' is configured twice");
            }
        }
        this.log = new ChangeLog<>(
                SubscriptionsTopic.KIND, base, Subscription::version, SubscriptionChanges::validate, clock);
    }

    ChangeLog<SubscriptionRecord, Subscription> log() {
        return log;
    }

    private static Verdict<Subscription> validate(SubscriptionRecord change) {
        if (change.subscription() == null || change.subscription().isNull()) {
            return Verdict.refuse("neither a subscription nor a deletion");
        }
        Subscription subscription;
        try {
            subscription = SubscriptionParser.parse(change.subscription(), change.id());
        } catch (InvalidSubscriptionException e) {
            return Verdict.refuse("invalid subscription: " + e.getMessage());
        }
        if (!subscription.id().equals(change.id())) {
            return Verdict.refuse("the subscription's id '" + subscription.id() + "' differs from the record's id '"
                    + change.id() + "'");
        }
        return Verdict.accept(Subscriptions.withVersion(subscription, change.version()));
    }

    /** Applies one record from the topic; returns the refusal when it was refused. */
    RejectedRecord apply(ConsumerRecord<String, byte[]> record) {
        return log.apply(record);
    }

    /** The subscriptions in force, by id: the configured ones with every accepted change applied. */
    Map<String, Subscription> inForce() {
        return log.inForce();
    }

    /** The version an id is at now: its latest change, else its configured version, else 0. */
    int versionOf(String id) {
        return log.versionOf(id);
    }

    List<RejectedRecord> rejected() {
        return log.rejected();
    }

    long rejectedTotal() {
        return log.rejectedTotal();
    }
}
