package io.geoalert.streams.rules;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.geoalert.kafka.Topics;
import io.geoalert.model.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One alert rule. It fires on an item when at least one {@code any} term occurs (if any are
 * listed), each group of {@code all} has a term that occurs, and no {@code none} term occurs,
 * looking only in {@code fields}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Rule(
        String id,
        String category,
        Severity severity,
        String description,
        Boolean enabled,
        Integer version,
        List<String> any,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<List<String>> all,
        List<String> none,
        List<String> fields) {

    public static final Set<String> KNOWN_FIELDS = Set.of("title", "body");

    public Rule {
        any = any == null ? List.of() : List.copyOf(any);
        all = all == null ? List.of() : all.stream().map(List::copyOf).toList();
        none = none == null ? List.of() : List.copyOf(none);
        fields = fields == null || fields.isEmpty() ? List.of("title", "body") : List.copyOf(fields);
        enabled = enabled == null ? Boolean.TRUE : enabled;
        version = version == null ? 1 : version;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Every problem of this rule, each naming the rule; empty when it is valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String name = "rule '" + (id == null ? "?" : id) + "'";
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
        if (any.isEmpty() && all.isEmpty()) {
            problems.add(name + ": needs terms in 'any' or 'all'");
        }
        for (String field : fields) {
            if (!KNOWN_FIELDS.contains(field)) {
                problems.add(name + ": unknown field '" + field + "' in 'fields' (title, body)");
            }
        }
        List<String> terms = new ArrayList<>(any);
        all.forEach(terms::addAll);
        terms.addAll(none);
        for (String term : terms) {
            if (term == null || term.replaceAll("[^\\p{L}\\p{N}]", "").isEmpty()) {
                problems.add(name + ": term '" + term + "' has no letters or digits");
            }
        }
        return problems;
    }
}
