package io.geoalert.streams.match;

import io.geoalert.model.Alert;
import io.geoalert.model.ItemIds;
import io.geoalert.model.NewsItem;
import io.geoalert.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a rule hit on an item into an {@link Alert}: id, score with its parts, and snippet. Alerts
 * are bounded whatever the item: at most {@link Alert#MAX_MATCHES} mentions (all counted), each
 * mention's text and the snippet cut to a few hundred characters.
 *
 * <p>The score is the sum of its parts: {@code severity} (low 2, medium 4, high 6, critical 8),
 * {@code mentions} (1 per mention of the rule's terms, at most 5), {@code inTitle} (2 when the
 * headline has one), {@code entityWeight} ({@value #ENTITY_WEIGHT_POINTS} per unit of weight above 1
 * of the weightiest entity the item names, so {@code weight: 2.0} adds as much as one severity level,
 * and a weight below 1 takes away) and {@code corroboration} (1 per distinct source beyond the first
 * that carried the story, at most {@value #MAX_CORROBORATION_SCORE}). From {@value #RAISE_SEVERITY_AT}
 * distinct sources a story's alert is one severity level above its rule's (low to medium, medium to
 * high, high to critical; critical stays), and its {@code severity} part follows: a story three wires
 * carry is more likely true and more likely to matter. Entity weights raise the score only, not the
 * severity, so that subscriptions filtering on severity see what the rules and the sources say.
 */
public final class AlertFactory {

    /** Distinct sources from which an alert is one severity level above its rule's. */
    public static final int RAISE_SEVERITY_AT = 3;
    /** What one unit of entity weight above 1 adds to a score: as much as one severity level. */
    public static final double ENTITY_WEIGHT_POINTS = 2.0;
    /** The most the {@code corroboration} part adds to a score. */
    public static final double MAX_CORROBORATION_SCORE = 4.0;

    private static final int SNIPPET_CONTEXT = 90;
    static final int MAX_MATCH_TEXT = 200;

    private AlertFactory() {}

    /** The alert of a hit on an item naming entities of weight 1 (or none). */
    public static Alert create(NewsItem item, RuleMatcher.Hit hit, List<String> entities, Instant detectedAt) {
        return create(item, hit, entities, 1.0, detectedAt);
    }

    /**
     * The alert of a hit on an item.
     *
     * @param entityWeight the highest weight among the entities the item names ({@link
     *     RuleMatcher#entityWeight})
     */
    public static Alert create(
            NewsItem item, RuleMatcher.Hit hit, List<String> entities, double entityWeight, Instant detectedAt) {
        Map<String, Double> parts = scoreParts(hit, entityWeight);
        double score = parts.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Alert(
                ItemIds.alertId(hit.rule().id(), item.id()),
                hit.rule().id(),
                hit.rule().version(),
                hit.rule().category(),
                hit.rule().severity(),
                Math.round(score * 100) / 100.0,
                parts,
                item.id(),
                item.title(),
                item.url(),
                item.source(),
                item.publishedAt(),
                detectedAt,
                bounded(hit.matches()),
                entities,
                snippet(item, hit),
                1,
                Math.max(hit.mentionCount(), hit.matches().size()));
    }

    /**
     * The alert a rule raised on a story's item, as the story now stands: its id from rule and story,
     * {@code corroboration} the number of distinct sources, severity and score raised by them (see the
     * class comment), written at {@code detectedAt}; {@code update} when the alert was raised before.
     *
     * @param original the alert as {@link #create} made it for the item that raised it
     */
    public static Alert forStory(
            Alert original, String storyId, List<String> sources, boolean update, Instant detectedAt) {
        int corroboration = Math.max(1, sources.size());
        Severity severity = corroboration >= RAISE_SEVERITY_AT ? raised(original.severity()) : original.severity();
        Map<String, Double> parts = new LinkedHashMap<>(original.scoreParts());
        parts.put("severity", severityWeight(severity));
        parts.put("corroboration", Math.min(corroboration - 1.0, MAX_CORROBORATION_SCORE));
        double score = parts.values().stream().mapToDouble(Double::doubleValue).sum();
        return new Alert(
                ItemIds.alertId(original.ruleId(), storyId),
                original.ruleId(),
                original.ruleVersion(),
                original.category(),
                severity,
                Math.round(score * 100) / 100.0,
                parts,
                original.itemId(),
                original.title(),
                original.url(),
                original.source(),
                original.publishedAt(),
                detectedAt,
                original.matches(),
                original.entities(),
                original.snippet(),
                corroboration,
                original.matchCount(),
                storyId,
                update,
                sources);
    }

    private static Severity raised(Severity severity) {
        return switch (severity) {
            case LOW -> Severity.MEDIUM;
            case MEDIUM -> Severity.HIGH;
            case HIGH, CRITICAL -> Severity.CRITICAL;
        };
    }

    private static List<Alert.Match> bounded(List<Alert.Match> matches) {
        List<Alert.Match> out = new ArrayList<>(Math.min(matches.size(), Alert.MAX_MATCHES));
        for (Alert.Match m : matches.subList(0, Math.min(matches.size(), Alert.MAX_MATCHES))) {
            out.add(
                    m.text() != null && m.text().length() > MAX_MATCH_TEXT
                            ? new Alert.Match(cut(m.term()), m.field(), m.start(), m.end(), cut(m.text()))
                            : m);
        }
        return out;
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_MATCH_TEXT ? text : text.substring(0, MAX_MATCH_TEXT) + "…";
    }

    private static Map<String, Double> scoreParts(RuleMatcher.Hit hit, double entityWeight) {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("severity", severityWeight(hit.rule().severity()));
        parts.put("mentions", Math.min(hit.mentionCount(), 5) * 1.0);
        parts.put("inTitle", hit.matches().stream().anyMatch(m -> m.field().equals("title")) ? 2.0 : 0.0);
        parts.put("entityWeight", Math.round((entityWeight - 1) * ENTITY_WEIGHT_POINTS * 100) / 100.0);
        return parts;
    }

    private static double severityWeight(Severity severity) {
        return switch (severity) {
            case LOW -> 2.0;
            case MEDIUM -> 4.0;
            case HIGH -> 6.0;
            case CRITICAL -> 8.0;
        };
    }

    /**
     * The text around the first body match (the title when only it matched), match marked «so»;
     * the start of the title when the hit has no mention to show (validation refuses such rules, but
     * a rule on the topic from an older version must still not stop alerting).
     */
    static String snippet(NewsItem item, RuleMatcher.Hit hit) {
        Alert.Match match = hit.matches().stream()
                .filter(m -> m.field().equals("body"))
                .findFirst()
                .orElse(hit.matches().isEmpty() ? null : hit.matches().get(0));
        String text = match == null ? null : match.field().equals("body") ? item.body() : item.title();
        if (match == null
                || text == null
                || match.start() < 0
                || match.end() > text.length()
                || match.start() > match.end()) {
            String title = item.title() == null ? "" : item.title();
            return cut(title.replaceAll("\\s+", " ").trim());
        }
        if (match.end() - match.start() > MAX_MATCH_TEXT) {
            return "«" + cut(text.substring(match.start(), match.end())) + "»";
        }
        int from = Math.max(0, match.start() - SNIPPET_CONTEXT);
        int space = text.indexOf(' ', from);
        if (from > 0 && space >= 0 && space < match.start()) {
            from = space + 1; // start on a whole word
        }
        int to = Math.min(text.length(), match.end() + SNIPPET_CONTEXT);
        space = text.lastIndexOf(' ', to);
        if (to < text.length() && space > match.end()) {
            to = space;
        }
        String snippet = (from > 0 ? "…" : "")
                + text.substring(from, match.start()) + "«" + text.substring(match.start(), match.end()) + "»"
                + text.substring(match.end(), to)
                + (to < text.length() ? "…" : "");
        return snippet.replaceAll("\\s+", " ").trim();
    }
}
