package io.geoalert.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert on {@code alerts} and {@code alerts.<category>}: one rule that fired on one story.
 * {@code alertId} is derived from rule and story, so a redelivered alert is recognisable.
 * {@code matches} lists at most {@link #MAX_MATCHES} mentions; {@code matchCount} is how many there were.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        String alertId,
        String ruleId,
        int ruleVersion,
        String category,
        Severity severity,
        double score,
        Map<String, Double> scoreParts,
        String itemId,
        String title,
        String url,
        String source,
        Instant publishedAt,
        Instant detectedAt,
        List<Match> matches,
        List<String> entities,
        String snippet,
        int corroboration,
        int matchCount) {

    /** The most mentions an alert lists; the rest are counted in {@code matchCount}. */
    public static final int MAX_MATCHES = 50;

    public Alert {
        matches = matches == null ? List.of() : List.copyOf(matches);
        matchCount = Math.max(matchCount, matches.size());
        entities = entities == null ? List.of() : List.copyOf(entities);
        scoreParts = scoreParts == null ? Map.of() : Map.copyOf(scoreParts);
    }

    /** One matched term: what matched, in which field, and where ({@code end} exclusive). */
    public record Match(String term, String field, int start, int end, String text) {}
}
