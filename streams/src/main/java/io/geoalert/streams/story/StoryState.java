package io.geoalert.streams.story;

import io.geoalert.model.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a story has raised so far: the distinct sources that carried it, in order, and for each
 * rule that fired on it the alert as first raised (before corroboration), from which every update is
 * derived.
 */
public record StoryState(List<String> sources, List<Alert> alerts) {

    public StoryState {
        sources = sources == null ? List.of() : List.copyOf(sources);
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    public static StoryState empty() {
        return new StoryState(List.of(), List.of());
    }

    /** True when the source is counted, or when no more can be ({@link Alert#MAX_SOURCES}). */
    public boolean isCounted(String source) {
        return sources.contains(source) || sources.size() >= Alert.MAX_SOURCES;
    }

    public StoryState withSource(String source) {
        List<String> more = new ArrayList<>(sources);
        more.add(source);
        return new StoryState(more, alerts);
    }

    /** The alert the rule raised on this story, if it did. */
    public Optional<Alert> alertOf(String ruleId) {
        return alerts.stream().filter(a -> a.ruleId().equals(ruleId)).findFirst();
    }

    public StoryState withAlert(Alert original) {
        List<Alert> more = new ArrayList<>(alerts);
        more.add(original);
        return new StoryState(sources, more);
    }
}
