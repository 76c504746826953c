package io.geoalert.consumer.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.geoalert.model.Alert;
import io.geoalert.model.Severity;
import java.util.List;
import java.util.Locale;

/**
 * Which alerts a subscription wants. Every non-empty part must hold: one of the categories, one of
 * the rule ids, one of the entities (as the alert names them, e.g. {@code Iran}, {@code E3}),
 * severity at least {@code minSeverity}, and {@code text} (case-insensitive) in the title or snippet.
 * An empty filter takes every alert.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AlertFilter(
        List<String> categories, List<String> rules, List<String> entities, Severity minSeverity, String text) {

    public static final AlertFilter ALL = new AlertFilter(null, null, null, null, null);

    public AlertFilter {
        categories = categories == null ? List.of() : List.copyOf(categories);
        rules = rules == null ? List.of() : List.copyOf(rules);
        entities = entities == null ? List.of() : List.copyOf(entities);
        text = text == null || text.isBlank() ? null : text.strip();
    }

    public boolean accepts(Alert alert) {
        if (!categories.isEmpty() && !categories.contains(alert.category())) {
            return false;
        }
        if (!rules.isEmpty() && !rules.contains(alert.ruleId())) {
            return false;
        }
        if (!entities.isEmpty() && alert.entities().stream().noneMatch(entities::contains)) {
            return false;
        }
        if (minSeverity != null && (alert.severity() == null || alert.severity().compareTo(minSeverity) < 0)) {
            return false;
        }
        if (text != null) {
            String needle = text.toLowerCase(Locale.ROOT);
            String haystack = ((alert.title() == null ? "" : alert.title()) + "\n"
                            + (alert.snippet() == null ? "" : alert.snippet()))
                    .toLowerCase(Locale.ROOT);
            return haystack.contains(needle);
        }
        return true;
    }
}
