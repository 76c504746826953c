package io.geoalert.streams.reload;

import io.geoalert.changes.ChangeLog;
import io.geoalert.changes.RejectedRecord;
import io.geoalert.changes.Verdict;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The rule changes read from {@code geoalert.rules} over the base pack: a {@link ChangeLog} whose
 * records are refused as every change topic's are, and also when they hold no rule, a rule of
 * another id, a rule that fails validation, or one that would add a category beyond the limit.
 * The rules in force stay as they were.
 */
final class RuleChanges {

    static final int MAX_REJECTED_LISTED = ChangeLog.MAX_REJECTED_LISTED;

    private final RulePack base;
    private final int maxCategories;
    private final ChangeLog<RuleRecord, Rule> log;

    RuleChanges(RulePack base, int maxCategories, Clock clock) {
        this.base = base;
        this.maxCategories = maxCategories;
        Map<String, Rule> rules = new LinkedHashMap<>();
        base.rules().forEach(r -> rules.put(r.id(), r));
        this.log = new ChangeLog<>(RulesTopic.KIND, rules, Rule::version, this::validate, clock);
    }

    ChangeLog<RuleRecord, Rule> log() {
        return log;
    }

    private Verdict<Rule> validate(RuleRecord change) {
        if (change.rule() == null) {
            return Verdict.refuse("neither a rule nor a deletion");
        }
        if (!change.id().equals(change.rule().id())) {
            return Verdict.refuse(
                    "the rule's id '" + change.rule().id() + "' differs from the record's id '" + change.id() + "'");
        }
        List<String> problems = base.withRules(List.of(change.rule())).problems();
        if (!problems.isEmpty()) {
            return Verdict.refuse("invalid rule: " + String.join("; ", problems));
        }
        String tooMany = categoryLimit(change.rule());
        return tooMany == null ? Verdict.accept(change.rule()) : Verdict.refuse(tooMany);
    }

    /** Refuses a rule that would add a category beyond the limit: each category is a topic. */
    String categoryLimit(Rule rule) {
        Set<String> categories = inForce().categories();
        if (rule.category() == null || categories.contains(rule.category()) || categories.size() < maxCategories) {
            return null;
        }
        return "category '" + rule.category() + "' would be category number " + (categories.size() + 1) + "; at most "
                + maxCategories + " are allowed (streams.max-categories), each being a topic";
    }

    /** Applies one record from the topic; returns the refusal when it was refused. */
    RejectedRecord apply(ConsumerRecord<String, byte[]> record) {
        return log.apply(record);
    }

    /** The rules in force: the base pack with every accepted change applied. */
    RulePack inForce() {
        return pack(log.inForce());
    }

    /** The base pack with these rules instead of its own. */
    RulePack pack(Map<String, Rule> rules) {
        return base.withRules(List.copyOf(rules.values()));
    }

    /** The version a rule is at now: its latest change, else its version in the base pack, else 0. */
    int versionOf(String id) {
        return log.versionOf(id);
    }

    RuleRecord latest(String id) {
        return log.latest(id);
    }

    List<RejectedRecord> rejected() {
        return log.rejected();
    }

    long rejectedTotal() {
        return log.rejectedTotal();
    }
}
