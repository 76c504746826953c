package io.geoalert.consumer.subscription;

import io.geoalert.model.Json;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes read from {@code geoalert.subscriptions} over the configured subscriptions: the
 * latest accepted record per id, and the records refused. A record is refused — logged, counted by
 * the caller, listed, never put in force — when it cannot be read, has no id, names another id
 * than its key, carries a version that is not above the one in force (versions only grow, so the
 * first of two writers at one version wins) or at the integer limit, or holds a subscription that
 * fails validation. The subscriptions in force stay as they were.
 */
final class SubscriptionChanges {

    static final int MAX_REJECTED_LISTED = 100;
    private static final Logger log = LoggerFactory.getLogger(SubscriptionChanges.class);

    private final Map<String, Subscription> base = new LinkedHashMap<>();
    private final Clock clock;
    private final Map<String, SubscriptionRecord> latest = new LinkedHashMap<>();
    /** The subscription of each accepted record that is not a deletion, at the record's version. */
    private final Map<String, Subscription> accepted = new HashMap<>();
    /** {@link #inForce()} as last computed; cleared whenever {@code latest} changes. */
    private Map<String, Subscription> overlaid;

    private final Deque<RejectedRecord> rejected = new ArrayDeque<>();
    private long rejectedTotal;

    SubscriptionChanges(List<Subscription> configured, Clock clock) {
        for (Subscription s : configured) {
            if (base.put(s.id(), s) != null) {
                throw new IllegalArgumentException("subscription id '" + s.id() + "' is configured twice");
            }
        }
        this.clock = clock;
    }

    /** Applies one record from the topic; returns the refusal when it was refused. */
    RejectedRecord apply(ConsumerRecord<String, byte[]> record) {
        String refusal = refusal(record);
        if (refusal == null) {
            return null;
        }
        RejectedRecord out =
                new RejectedRecord(record.key(), record.partition(), record.offset(), clock.instant(), refusal);
        log.warn(
                "subscription record {} at {}-{}@{} refused, subscriptions in force unchanged: {}",
                record.key(),
                record.topic(),
                record.partition(),
                record.offset(),
                refusal);
        rejected.addLast(out);
        rejectedTotal++;
        while (rejected.size() > MAX_REJECTED_LISTED) {
            rejected.removeFirst();
        }
        return out;
    }

    private String refusal(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null && latest.remove(record.key()) != null) {
                // a tombstone (written by hand): the topic forgets the id's changes, the config file's entry is back
                accepted.remove(record.key());
                overlaid = null;
            }
            return null;
        }
        SubscriptionRecord change;
        try {
            change = Json.read(record.value(), SubscriptionRecord.class);
        } catch (RuntimeException e) {
            Throwable why = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            String message = why instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage()
                    : why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
            message = message.lines().findFirst().orElse("");
            return "unreadable: " + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
        }
        if (change == null || change.id() == null || change.id().isBlank()) {
            return "no subscription id";
        }
        if (record.key() != null && !record.key().equals(change.id())) {
            return "key '" + record.key() + "' differs from the record's id '" + change.id() + "'";
        }
        if (change.version() < 1) {
            return "version " + change.version() + " is below 1";
        }
        if (change.version() == Integer.MAX_VALUE) {
            return "version is at the integer limit; no later change could be ordered after it";
        }
        int current = versionOf(change.id());
        if (change.version() <= current) {
            return "version " + change.version() + " is not above the version in force (" + current + ")";
        }
        Subscription subscription = null;
        if (!change.deleted()) {
            if (change.subscription() == null || change.subscription().isNull()) {
                return "neither a subscription nor a deletion";
            }
            try {
                subscription = SubscriptionParser.parse(change.subscription(), change.id());
            } catch (InvalidSubscriptionException e) {
                return "invalid subscription: " + e.getMessage();
            }
            if (!subscription.id().equals(change.id())) {
                return "the subscription's id '" + subscription.id() + "' differs from the record's id '" + change.id()
                        + "'";
            }
        }
        latest.put(change.id(), change);
        if (subscription == null) {
            accepted.remove(change.id());
        } else {
            accepted.put(change.id(), Subscriptions.withVersion(subscription, change.version()));
        }
        overlaid = null;
        return null;
    }

    /** The subscriptions in force, by id: the configured ones with every accepted change applied. */
    Map<String, Subscription> inForce() {
        if (overlaid == null) {
            Map<String, Subscription> out = new LinkedHashMap<>(base);
            latest.values().forEach(change -> {
                if (change.deleted()) {
                    out.remove(change.id());
                } else {
                    out.put(change.id(), accepted.get(change.id()));
                }
            });
            overlaid = Collections.unmodifiableMap(out);
        }
        return overlaid;
    }

    /** The version an id is at now: its latest change, else its configured version, else 0. */
    int versionOf(String id) {
        SubscriptionRecord change = latest.get(id);
        if (change != null) {
            return change.version();
        }
        Subscription configured = base.get(id);
        return configured == null ? 0 : configured.version();
    }

    SubscriptionRecord latest(String id) {
        return latest.get(id);
    }

    List<RejectedRecord> rejected() {
        return new ArrayList<>(rejected);
    }

    long rejectedTotal() {
        return rejectedTotal;
    }

    int changes() {
        return latest.size();
    }
}
