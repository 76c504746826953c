package io.geoalert.consumer.view;

import io.geoalert.http.ApiException;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.model.Alert;
import io.geoalert.model.TimeSpans;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The most recent alerts, newest first, bounded in number: what {@code GET /v1/alerts}
 * answers from ({@code category}, {@code since} as an ISO instant or a span such as
 * {@code 2h}, and {@code limit}).
 */
public final class RecentAlerts {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    private final int capacity;
    private final Deque<Alert> alerts = new ArrayDeque<>();

    public RecentAlerts(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Alert alert) {
        alerts.addFirst(alert);
        while (alerts.size() > capacity) {
            alerts.removeLast();
        }
    }

    public synchronized List<Alert> query(String category, Instant since, int limit) {
        List<Alert> out = new ArrayList<>();
        for (Iterator<Alert> it = alerts.iterator(); it.hasNext() && out.size() < limit; ) {
            Alert alert = it.next();
            boolean categoryOk = category == null || category.equals(alert.category());
            boolean timeOk = since == null
                    || (alert.detectedAt() != null && !alert.detectedAt().isBefore(since));
            if (categoryOk && timeOk) {
                out.add(alert);
            }
        }
        return out;
    }

    /** The {@code GET /v1/alerts} route. */
    public HttpResponse respond(HttpRequest request, Instant now) {
        String category = request.queryParam("category").orElse(null);
        Instant since = request.queryParam("since").map(s -> parseSince(s, now)).orElse(null);
        int limit = request.queryParam("limit").map(RecentAlerts::parseLimit).orElse(DEFAULT_LIMIT);
        return HttpResponse.json(200, query(category, since, limit));
    }

    static Instant parseSince(String text, Instant now) {
        try {
            return TimeSpans.since(text, now);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("since", e.getMessage());
        }
    }

    static int parseLimit(String text) {
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
