package io.geoalert.streams.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.http.Route;
import io.geoalert.model.Json;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /v1/stats}: the counts of every instance, merged by the {@link StatsView}, with {@code
 * "partial"} (and {@code "missing"}) added as on {@code GET /v1/alerts}.
 */
public final class StatsRoute<T> implements Route {

    public static final String PATH = "/v1/stats";

    private final ClusterQuery cluster;
    private final StatsView<T> view;
    private final QueryableStreams streams;
    private final Clock clock;

    public StatsRoute(ClusterQuery cluster, StatsView<T> view, QueryableStreams streams, Clock clock) {
        this.cluster = cluster;
        this.view = view;
        this.streams = streams;
        this.clock = clock;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        return cluster.respond(request, this::part, this::render);
    }

    private ClusterQuery.Part<T> part(HttpRequest request) {
        for (String name : request.query().keySet()) {
            if (!name.equals(ClusterQuery.SCOPE)) {
                throw io.geoalert.http.ApiException.badRequest(name, "unknown parameter '" + name + "'");
            }
        }
        return new ClusterQuery.Part<>() {
            @Override
            public T local() {
                return view.local(streams, clock.instant());
            }

            @Override
            public T decode(byte[] body) {
                return Json.read(body, view.type());
            }

            @Override
            public T merge(List<T> parts) {
                return view.merge(parts);
            }
        };
    }

    private JsonNode render(ClusterQuery.Answer<T> answer) {
        JsonNode stats = Json.MAPPER.valueToTree(answer.value());
        ObjectNode body = stats instanceof ObjectNode object
                ? object
                : Json.MAPPER.createObjectNode().set("stats", stats);
        body.put("partial", answer.partial());
        if (answer.partial()) {
            body.set("missing", Json.MAPPER.valueToTree(answer.missing()));
            if (!answer.missingPartitions().isEmpty()) {
                body.set("missingPartitions", Json.MAPPER.valueToTree(answer.missingPartitions()));
            }
        }
        return body;
    }
}
