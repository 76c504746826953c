package io.geoalert.streams.reload;

import io.geoalert.changes.ChangeKind;
import io.geoalert.changes.ChangeTopic;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Topics;
import io.geoalert.streams.rules.InvalidRulesException;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes rule changes on {@code geoalert.rules}. The rules in force are the base pack
 * (the bundled defaults or a file) overlaid by the latest record of each rule id on the topic.
 */
public final class RulesTopic implements AutoCloseable {

    static final ChangeKind<RuleRecord> KIND = new ChangeKind<>(
            Topics.RULES,
            RuleRecord.class,
            "rule",
            "geoalert.rules",
            "geoalert.rule",
            "GET /v1/rules",
            "the base pack",
            "its matcher in force");

    private final ChangeTopic<RuleRecord> topic;
    private final Clock clock;

    public RulesTopic(KafkaClients kafka, Clock clock) {
        this.topic = new ChangeTopic<>(kafka, KIND);
        this.clock = clock;
    }

    /**
     * The latest version written for each rule id on the topic, read to the current end, so that a
     * writer such as {@code rules push} numbers its changes after them. Unreadable records are skipped.
     */
    public Map<String, RuleRecord> readAll(Duration timeout) {
        return topic.readAll(timeout);
    }

    /**
     * Validates a rule against the gazetteer of {@code base} and writes it at {@code version}
     * (assigned by the caller as one above the version in force; the rule's own version is ignored).
     *
     * @return the record written
     * @throws InvalidRulesException naming every problem; nothing is written then
     */
    public RuleRecord put(Rule rule, RulePack base, int version) {
        List<String> problems = base.withRules(List.of(rule)).problems();
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return topic.write(RuleRecord.put(rule.withVersion(version), clock.instant()));
    }

    /** As {@link #put(Rule, RulePack, int)}, numbering after the latest records read with {@link #readAll}. */
    public RuleRecord put(Rule rule, RulePack base, Map<String, RuleRecord> current) {
        return put(rule, base, nextVersion(rule.id(), base, current));
    }

    /** Writes a deletion marker for the rule at {@code version}. */
    public RuleRecord delete(String id, int version) {
        return topic.write(RuleRecord.delete(id, version, clock.instant()));
    }

    private static int nextVersion(String id, RulePack base, Map<String, RuleRecord> current) {
        RuleRecord onTopic = current.get(id);
        int inBase = base.rules().stream()
                .filter(r -> r.id().equals(id))
                .mapToInt(Rule::version)
                .findFirst()
                .orElse(0);
        return Math.max(onTopic == null ? 0 : onTopic.version(), inBase) + 1;
    }

    @Override
    public void close() {
        topic.close();
    }
}
