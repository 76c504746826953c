package io.geoalert.consumer.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geoalert.changes.ChangeRequests;
import io.geoalert.http.ApiException;
import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.model.Json;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET/POST /v1/subscriptions} and {@code GET/PUT/DELETE /v1/subscriptions/{id}}: read the
 * subscriptions in force (and the records refused) and change them. A change is validated first
 * (400 naming every problem, nothing written), written to {@code geoalert.subscriptions} at a
 * version the server assigns (one above the version in force), and answered once this instance has
 * it in force. {@code If-Match: <version>} makes a change conditional; a change that lost to
 * another one written at the same version answers 409. Literal secrets are masked in every answer.
 */
public final class SubscriptionsRoutes {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SubscriptionsTopic topic;
    private final SubscriptionsFollower follower;
    private final Object writes = new Object();

    public SubscriptionsRoutes(SubscriptionsTopic topic, SubscriptionsFollower follower) {
        this.topic = topic;
        this.follower = follower;
    }

    public void bind(HttpApi http) {
        http.get("/v1/subscriptions", this::list)
                .post("/v1/subscriptions", this::create)
                .get("/v1/subscriptions/{id}", this::get)
                .put("/v1/subscriptions/{id}", this::put)
                .delete("/v1/subscriptions/{id}", this::delete);
    }

    private HttpResponse list(HttpRequest request) {
        List<ObjectNode> shown = follower.current().values().stream()
                .sorted(java.util.Comparator.comparing(Subscription::id))
                .map(SubscriptionsRoutes::shown)
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscriptions", shown);
        body.put("rejected", follower.rejected());
        return HttpResponse.json(200, body);
    }

    private HttpResponse get(HttpRequest request) {
        return HttpResponse.json(200, shown(find(request.pathParam("id"))));
    }

    private Subscription find(String id) {
        Subscription found = follower.current().get(id);
        if (found == null) {
            throw new ApiException(404, "id", "no subscription '" + id + "'");
        }
        return found;
    }

    /** {@code POST}: a new subscription, with the body's id or one made up; 409 when the id is taken. */
    private HttpResponse create(HttpRequest request) throws InterruptedException {
        Subscription subscription;
        try {
            JsonNode body = SubscriptionParser.json(request.body());
            subscription = SubscriptionParser.parse(body, body.hasNonNull("id") ? null : newId());
        } catch (InvalidSubscriptionException e) {
            return problems(e);
        }
        synchronized (writes) {
            if (follower.current().containsKey(subscription.id())) {
                throw new ApiException(
                        409,
                        "id",
                        "subscription '" + subscription.id() + "' exists; PUT /v1/subscriptions/" + subscription.id()
                                + " changes it");
            }
            int version = nextVersion(request, subscription.id());
            return answer(201, write(subscription, version))
                    .withHeader("Location", "/v1/subscriptions/" + subscription.id());
        }
    }

    /** {@code PUT}: creates or replaces the subscription at the path's id. */
    private HttpResponse put(HttpRequest request) throws InterruptedException {
        String id = request.pathParam("id");
        if (!SubscriptionParser.ID.matcher(id).matches()) {
            throw ApiException.badRequest(
                    "id", "'" + id + "' must be 1-64 lower-case letters, digits, '.', '_' or '-'");
        }
        Subscription subscription;
        try {
            JsonNode body = SubscriptionParser.json(request.body());
            JsonNode given = body.get("id");
            if (given != null && !given.isNull() && !given.asText().equals(id)) {
                throw ApiException.badRequest(
                        "id", "the body's id '" + given.asText() + "' differs from the path's '" + id + "'");
            }
            subscription = SubscriptionParser.parse(body, id);
        } catch (InvalidSubscriptionException e) {
            return problems(e);
        }
        synchronized (writes) {
            boolean exists = follower.current().containsKey(id);
            int version = nextVersion(request, id);
            return answer(exists ? 200 : 201, write(subscription, version));
        }
    }

    private HttpResponse delete(HttpRequest request) throws InterruptedException {
        String id = request.pathParam("id");
        find(id);
        synchronized (writes) {
            int version = nextVersion(request, id);
            try {
                return answer(200, topic.delete(id, version));
            } catch (IllegalStateException e) {
                throw unavailable(e);
            }
        }
    }

    private SubscriptionRecord write(Subscription subscription, int version) {
        try {
            return topic.put(subscription, version);
        } catch (IllegalStateException e) {
            throw unavailable(e);
        }
    }

    private static ApiException unavailable(IllegalStateException e) {
        return ApiException.unavailable(e.getMessage(), Duration.ofSeconds(5));
    }

    /** One above the version in force, after checking {@code If-Match} against it. */
    private int nextVersion(HttpRequest request, String id) {
        return ChangeRequests.nextVersion(request, "subscription", id, follower.versionOf(id));
    }

    /** The change answered with the subscription as in force here, or as written when it is not in force yet. */
    private HttpResponse answer(int status, SubscriptionRecord written) throws InterruptedException {
        return ChangeRequests.answer(follower.changes(), status, written, inForce -> {
            if (written.deleted()) {
                return null;
            }
            Subscription subscription = follower.current().get(written.id());
            return inForce && subscription != null
                    ? shown(subscription)
                    : shown(Subscriptions.withVersion(
                            SubscriptionParser.parse(written.subscription()), written.version()));
        });
    }

    /** A subscription as answered: in its own format, with its version, secrets masked. */
    static ObjectNode shown(Subscription subscription) {
        return SubscriptionJson.writeWithVersion(Subscriptions.masked(subscription));
    }

    /** A made-up id for a subscription posted without one: {@code sub-} and 10 random hex digits. */
    private static String newId() {
        byte[] random = new byte[5];
        RANDOM.nextBytes(random);
        return "sub-" + HexFormat.of().formatHex(random);
    }

    /** Answers a refused subscription with {@code problems}, one line each, beside the usual error body. */
    static HttpResponse problems(InvalidSubscriptionException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", 400);
        body.put("error", e.getMessage());
        body.put("field", e.field());
        body.put("problems", e.problems());
        return new HttpResponse(400, "application/json; charset=utf-8", Json.toBytes(body));
    }
}
