package io.geoalert.streams.reload;

import io.geoalert.model.Json;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes read from {@code geoalert.rules}: the latest accepted record per rule id, and the
 * records refused. A record is refused — logged, counted by the caller, listed, and never put in
 * force — when it cannot be read, has no id or no rule, names another id than its key, carries a
 * version that is not above the one in force (versions only grow, so the first of two writers at
 * one version wins) or at the integer limit, or holds a rule that fails validation. The rules in
 * force stay as they were.
 */
final class RuleChanges {

    static final int MAX_REJECTED_LISTED = 100;
    private static final Logger log = LoggerFactory.getLogger(RuleChanges.class);

    private final RulePack base;
    private final int maxCategories;
    private final Clock clock;
    private final Map<String, RuleRecord> latest = new LinkedHashMap<>();
    /** {@link #inForce()} as last computed; cleared whenever {@code latest} changes. */
    private RulePack overlaid;

    private final Deque<RejectedRecord> rejected = new ArrayDeque<>();
    private long rejectedTotal;

    RuleChanges(RulePack base, int maxCategories, Clock clock) {
        this.base = base;
        this.maxCategories = maxCategories;
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
                "rule record {} at {}-{}@{} refused, rules in force unchanged: {}",
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
            if (record.key() != null) {
                latest.remove(record.key()); // a tombstone: the topic forgets the rule's changes
                overlaid = null;
            }
            return null;
        }
        RuleRecord change;
        try {
            change = Json.read(record.value(), RuleRecord.class);
        } catch (RuntimeException e) {
            Throwable why = e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            String message = why instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage()
                    : why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
            message = message.lines().findFirst().orElse("");
            return "unreadable: " + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
        }
        if (change == null || change.id() == null || change.id().isBlank()) {
            return "no rule id";
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
        RuleRecord inForce = latest.get(change.id());
        int current = inForce != null ? inForce.version() : baseVersion(change.id());
        if (change.version() <= current) {
            return "version " + change.version() + " is not above the version in force (" + current + ")";
        }
        if (!change.deleted()) {
            if (change.rule() == null) {
                return "neither a rule nor a deletion";
            }
            if (!change.id().equals(change.rule().id())) {
                return "the rule's id '" + change.rule().id() + "' differs from the record's id '" + change.id() + "'";
            }
            List<String> problems = base.withRules(List.of(change.rule())).problems();
            if (!problems.isEmpty()) {
                return "invalid rule: " + String.join("; ", problems);
            }
            String tooMany = categoryLimit(change.rule());
            if (tooMany != null) {
                return tooMany;
            }
        }
        latest.put(change.id(), change);
        overlaid = null;
        return null;
    }

    /** Refuses a rule that would add a category beyond the limit: each category is a topic. */
    String categoryLimit(Rule rule) {
        java.util.Set<String> categories = new java.util.TreeSet<>(inForce().categories());
        if (rule.category() == null || categories.contains(rule.category()) || categories.size() < maxCategories) {
            return null;
        }
        return "category '" + rule.category() + "' would be category number " + (categories.size() + 1) + "; at most "
                + maxCategories + " are allowed (streams.max-categories), each being a topic";
    }

    /** Records a rule that cannot be put in force for a reason found after reading it (e.g. it does not compile). */
    void refuse(String id, String reason) {
        latest.remove(id);
        overlaid = null;
        rejected.addLast(new RejectedRecord(id, -1, -1, clock.instant(), reason));
        rejectedTotal++;
        while (rejected.size() > MAX_REJECTED_LISTED) {
            rejected.removeFirst();
        }
    }

    private int baseVersion(String id) {
        return base.rules().stream()
                .filter(r -> r.id().equals(id))
                .mapToInt(Rule::version)
                .findFirst()
                .orElse(0);
    }

    /** The rules in force: the base pack with every accepted change applied. */
    RulePack inForce() {
        if (overlaid == null) {
            overlaid = overlay();
        }
        return overlaid;
    }

    private RulePack overlay() {
        Map<String, Rule> rules = new LinkedHashMap<>();
        base.rules().forEach(r -> rules.put(r.id(), r));
        latest.values().forEach(c -> {
            if (c.deleted()) {
                rules.remove(c.id());
            } else {
                rules.put(c.id(), c.rule());
            }
        });
        return base.withRules(List.copyOf(rules.values()));
    }

    /** The version a rule is at now: its latest change, else its version in the base pack, else 0. */
    int versionOf(String id) {
        RuleRecord change = latest.get(id);
        return change != null ? change.version() : baseVersion(id);
    }

    RuleRecord latest(String id) {
        return latest.get(id);
    }

    Map<String, RuleRecord> latest() {
        return Map.copyOf(latest);
    }

    List<RejectedRecord> rejected() {
        return new ArrayList<>(rejected);
    }

    long rejectedTotal() {
        return rejectedTotal;
    }

    boolean isEmpty() {
        return latest.isEmpty();
    }
}
