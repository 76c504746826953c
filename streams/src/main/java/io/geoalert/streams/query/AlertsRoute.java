package io.geoalert.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.http.Route;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /v1/alerts}: alerts from the alerts view of every instance, newest first by when they were
 * first raised, filtered and paged ({@link AlertQuery}). Answers {@code {"alerts", "next", "partial"}}
 * (and {@code "missing"} when partial); with {@code scope=local}, this instance's part with each alert's
 * cursor in {@code "cursors"}, which is how instances ask each other.
 */
public final class AlertsRoute implements Route {

    public static final String PATH = "/v1/alerts";

    private final ClusterQuery cluster;
    private final Function<AlertQuery, AlertsPage> local;
    private final Clock clock;

    /** @param local reads a page from this instance's part of the alerts view */
    public AlertsRoute(ClusterQuery cluster, Function<AlertQuery, AlertsPage> local, Clock clock) {
        this.cluster = cluster;
        this.local = local;
        this.clock = clock;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        return cluster.respond(request, r -> part(AlertQuery.parse(r, clock.instant())), AlertsRoute::render);
    }

    private ClusterQuery.Part<AlertsPage> part(AlertQuery query) {
        return new ClusterQuery.Part<>() {
            @Override
            public AlertsPage local() {
                return local.apply(query);
            }

            @Override
            public AlertsPage decode(byte[] body) {
                return AlertsRoute.decode(body);
            }

            @Override
            public AlertsPage merge(List<AlertsPage> parts) {
                return AlertsPage.merge(parts, query.limit());
            }
        };
    }

    static Map<String, Object> render(ClusterQuery.Answer<AlertsPage> answer) {
        AlertsPage page = answer.value();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alerts", page.alerts().stream().map(AlertsPage.Entry::alert).toList());
        body.put("next", page.next());
        body.put("partial", answer.partial());
        if (answer.partial()) {
            body.put("missing", answer.missing());
            if (!answer.missingPartitions().isEmpty()) {
                body.put("missingPartitions", answer.missingPartitions());
            }
        }
        if (answer.localOnly()) {
            body.put(
                    "cursors", page.alerts().stream().map(e -> e.key().cursor()).toList());
        }
        return body;
    }

    /** Another instance's {@code scope=local} answer. */
    static AlertsPage decode(byte[] body) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode alerts = tree.path("alerts");
        JsonNode cursors = tree.path("cursors");
        if (!alerts.isArray() || !cursors.isArray() || alerts.size() != cursors.size()) {
            throw new IllegalArgumentException("not a scope=local answer of " + PATH + ": no alerts with cursors");
        }
        List<AlertsPage.Entry> entries = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            entries.add(new AlertsPage.Entry(
                    AlertKey.fromCursor(cursors.get(i).asText()),
                    Json.MAPPER.convertValue(alerts.get(i), Alert.class)));
        }
        return new AlertsPage(
                entries, !tree.path("next").isNull() && !tree.path("next").isMissingNode());
    }
}
