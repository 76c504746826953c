package io.geoalert.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An alert on {@code alerts} and {@code alerts.<category>}: one rule that fired on one story.
 * {@code alertId} is derived from rule and story, so a redelivered alert is recognisable, and so is
 * an update of it. {@code matches} lists at most {@link #MAX_MATCHES} mentions; {@code matchCount} is
 * how many there were.
 *
 * <p>A story is one piece of news however many sources carry it: {@code storyId} is the id of its
 * first item. The first item of a story raises the alert ({@code update} false); a copy of the story
 * from a source not counted yet emits the same alert again, same {@code alertId}, with {@code update}
 * true, {@code corroboration} raised to the number of distinct {@code sources} (at most {@link
 * #MAX_SOURCES}, in the order they reported the story) and severity and score raised accordingly.
 * The rest (item, title, matches, snippet) stays that of the item that raised the alert.
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
        int matchCount,
        String storyId,
        boolean update,
        List<String> sources) {

    /** The most mentions an alert lists; the rest are counted in {@code matchCount}. */
    public static final int MAX_MATCHES = 50;

    /** The most distinct sources a story counts and lists: corroboration stops rising there. */
    public static final int MAX_SOURCES = 50;

    public Alert {
        matches = matches == null ? List.of() : List.copyOf(matches);
        matchCount = Math.max(matchCount, matches.size());
        entities = entities == null ? List.of() : List.copyOf(entities);
        scoreParts = scoreParts == null ? Map.of() : Map.copyOf(scoreParts);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /**
     * A first alert, as the rule raised it on its item before any copy of the story arrived: the item
     * is its story, its source the only one counted.
     */
    public Alert(
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
        this(
                alertId,
                ruleId,
                ruleVersion,
                category,
                severity,
                score,
                scoreParts,
                itemId,
                title,
                url,
                source,
                publishedAt,
                detectedAt,
                matches,
                entities,
                snippet,
                corroboration,
                matchCount,
                itemId,
                false,
                source == null ? List.of() : List.of(source));
    }

    /** One matched term: what matched, in which field, and where ({@code end} exclusive). */
    public record Match(String term, String field, int start, int end, String text) {}
}
