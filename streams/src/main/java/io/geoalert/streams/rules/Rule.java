package io.geoalert.streams.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.Severity;
import io.geoalert.model.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One alert rule as analysts write it (YAML, or JSON over HTTP and on {@code geoalert.rules}).
 * It fires when one of {@code any} holds (if given), every {@code all} entry holds, and no
 * {@code none} entry holds, looking in {@code fields}; see {@link ConditionParser} for the syntax.
 * The written form is read once, when the rule is made, into a typed {@link #condition()} that
 * validation, the entity check and the matcher's compiler all use.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Rule(
        String id,
        String category,
        Severity severity,
        String description,
        Boolean enabled,
        Integer version,
        List<JsonNode> any,
        List<JsonNode> all,
        List<JsonNode> none,
        List<String> fields,
        Integer minMentions,
        @JsonIgnore Condition condition,
        @JsonIgnore List<String> conditionProblems) {

    /**
     * Where a condition may look: the headline, the body, or the body's lead (its first
     * {@value #LEAD_WORDS} words, where a wire story says what it is about).
     */
    public static final Set<String> KNOWN_FIELDS = Set.of("title", "body", "lead");

    /** How many opening words of the body the {@code lead} field covers. */
    public static final int LEAD_WORDS = 40;

    public Rule {
        any = any == null ? List.of() : List.copyOf(any);
        all = all == null ? List.of() : List.copyOf(all);
        none = none == null ? List.of() : List.copyOf(none);
        fields = fields == null || fields.isEmpty() ? List.of("title", "body") : List.copyOf(fields);
        enabled = enabled == null ? Boolean.TRUE : enabled;
        version = version == null ? 1 : version;
        minMentions = minMentions == null ? 1 : minMentions;
        if (condition == null) {
            List<String> found = new ArrayList<>();
            condition = new ConditionParser(name(id), found).rule(any, all, none, fields, minMentions);
            conditionProblems = List.copyOf(found);
        }
        conditionProblems = conditionProblems == null ? List.of() : List.copyOf(conditionProblems);
    }

    /** A rule as written; its condition is read from {@code any}, {@code all} and {@code none}. */
    public Rule(
            String id,
            String category,
            Severity severity,
            String description,
            Boolean enabled,
            Integer version,
            List<JsonNode> any,
            List<JsonNode> all,
            List<JsonNode> none,
            List<String> fields,
            Integer minMentions) {
        this(id, category, severity, description, enabled, version, any, all, none, fields, minMentions, null, null);
    }

    @JsonIgnore
    public boolean isEnabled() {
        return enabled;
    }

    /** The same rule at another version. */
    public Rule withVersion(int newVersion) {
        return new Rule(
                id,
                category,
                severity,
                description,
                enabled,
                newVersion,
                any,
                all,
                none,
                fields,
                minMentions,
                condition,
                conditionProblems);
    }

    private static String name(String id) {
        return "rule '" + (id == null ? "?" : id) + "'";
    }

    /** Every problem of this rule, each naming the rule; empty when it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String name = name(id);
        if (id == null || id.isBlank()) {
            problems.add(name + ": 'id' is required");
        } else if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            problems.add(name + ": 'id' may hold only letters, digits, '.', '_' and '-'");
        }
        try {
            Topics.requireCategory(category);
        } catch (IllegalArgumentException e) {
            problems.add(name + ": 'category' " + e.getMessage());
        }
        if (severity == null) {
            problems.add(name + ": 'severity' is required (low, medium, high or critical)");
        }
        if (version < 1) {
            problems.add(name + ": 'version' must be 1 or more");
        }
        if (minMentions < 1) {
            problems.add(name + ": 'minMentions' must be 1 or more");
        }
        for (String field : fields) {
            if (!KNOWN_FIELDS.contains(field)) {
                problems.add(name + ": unknown field '" + field + "' in 'fields' (title, body, lead)");
            }
        }
        if (any.isEmpty() && all.isEmpty()) {
            problems.add(name + ": needs a condition in 'any' or 'all'");
        } else {
            problems.addAll(conditionProblems);
            if (conditionProblems.isEmpty() && !condition.holdsByMention()) {
                problems.add(name + ": can fire without any mention to show (only 'none' conditions); "
                        + "add a term or entity in 'any' or 'all' that the alert can point to");
            }
        }
        return problems;
    }
}
