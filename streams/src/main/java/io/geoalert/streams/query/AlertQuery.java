package io.geoalert.streams.query;

import io.geoalert.http.ApiException;
import io.geoalert.http.HttpRequest;
import io.geoalert.model.Alert;
import io.geoalert.model.Severity;
import io.geoalert.model.TimeSpans;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code GET /v1/alerts} asks for: filters (all optional, all must hold), a page size and where the
 * page starts. {@code since} bounds when an alert was first raised; {@code after} is the position of the
 * last alert of the previous page.
 */
public record AlertQuery(
        String category,
        Severity minSeverity,
        String entity,
        String rule,
        Instant since,
        String text,
        int limit,
        AlertKey after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** The parameters the route reads; any other is refused, so that a misspelt filter is not ignored. */
    static final Set<String> PARAMETERS =
            Set.of("category", "severity", "entity", "rule", "since", "text", "limit", "cursor", ClusterQuery.SCOPE);

    public AlertQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ", was " + limit);
        }
        text = text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    /** Every alert, newest first, {@code limit} at a time. */
    public static AlertQuery all(int limit) {
        return new AlertQuery(null, null, null, null, null, null, limit, null);
    }

    /** The query a request names; 400 naming the parameter at fault. */
    public static AlertQuery parse(HttpRequest request, Instant now) {
        for (String name : request.query().keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw ApiException.badRequest(
                        name,
                        "unknown parameter '" + name + "'; expected one of " + new java.util.TreeSet<>(PARAMETERS));
            }
        }
        return new AlertQuery(
                request.queryParam("category").orElse(null),
                request.queryParam("severity").map(AlertQuery::severity).orElse(null),
                request.queryParam("entity").orElse(null),
                request.queryParam("rule").orElse(null),
                request.queryParam("since").map(s -> since(s, now)).orElse(null),
                request.queryParam("text").orElse(null),
                request.queryParam("limit").map(AlertQuery::limit).orElse(DEFAULT_LIMIT),
                request.queryParam("cursor").map(AlertKey::fromCursor).orElse(null));
    }

    /** True when the alert passes every filter given. */
    public boolean matches(Alert alert) {
        return (category == null || category.equals(alert.category()))
                && (minSeverity == null
                        || (alert.severity() != null && alert.severity().compareTo(minSeverity) >= 0))
                && (rule == null || rule.equals(alert.ruleId()))
                && (entity == null || alert.entities().stream().anyMatch(entity::equalsIgnoreCase))
                && (text == null || contains(alert.title()) || contains(alert.snippet()));
    }

    /** True when an alert raised at {@code millis} is recent enough. */
    boolean recentEnough(long millis) {
        return since == null || millis >= since.toEpochMilli();
    }

    private boolean contains(String field) {
        return field != null && field.toLowerCase(Locale.ROOT).contains(text);
    }

    private static Severity severity(String text) {
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("severity", "'severity' is a minimum: " + e.getMessage());
        }
    }

    private static Instant since(String text, Instant now) {
        try {
            return TimeSpans.since(text, now);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("since", e.getMessage());
        }
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.badRequest(
                "limit", "'limit' must be a whole number from 1 to " + MAX_LIMIT + "; was '" + text + "'");
    }
}
