package io.geoalert.streams.reload;

import io.geoalert.changes.ChangeRequests;
import io.geoalert.http.ApiException;
import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.InvalidRulesException;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET/PUT/DELETE /v1/rules}: read the rules in force (and the rule records refused) and
 * change them. A change is validated first (400 naming every problem, nothing written), written to
 * {@code geoalert.rules} at a version the server assigns (one above the version in force), and
 * answered once this instance has it in force. {@code If-Match: <version>} makes a change
 * conditional; a change that lost to another one written at the same version answers 409.
 */
public final class RulesRoutes {

    private final RulesTopic topic;
    private final RulesFollower follower;
    private final RulePack base;
    private final Supplier<RuleMatcher> inForce;
    private final Object writes = new Object();

    public RulesRoutes(RulesTopic topic, RulesFollower follower, RulePack base, Supplier<RuleMatcher> inForce) {
        this.topic = topic;
        this.follower = follower;
        this.base = base;
        this.inForce = inForce;
    }

    public void bind(HttpApi http) {
        http.get("/v1/rules", this::list)
                .get("/v1/rules/{id}", this::get)
                .put("/v1/rules/{id}", this::put)
                .delete("/v1/rules/{id}", this::delete);
    }

    private HttpResponse list(HttpRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rules", inForce.get().pack().rules());
        body.put("rejected", follower.rejected());
        return HttpResponse.json(200, body);
    }

    private HttpResponse get(HttpRequest request) {
        return HttpResponse.json(200, find(request.pathParam("id")));
    }

    private Rule find(String id) {
        return inForce.get().pack().rules().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ApiException(404, "id", "no rule '" + id + "'"));
    }

    private HttpResponse put(HttpRequest request) throws InterruptedException {
        String id = request.pathParam("id");
        Rule rule;
        try {
            rule = RulePack.readRule(request.body());
        } catch (IOException e) {
            throw ApiException.badRequest(
                    null, "not a rule: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (rule.id() == null) {
            rule = new Rule(
                    id,
                    rule.category(),
                    rule.severity(),
                    rule.description(),
                    rule.enabled(),
                    rule.version(),
                    rule.any(),
                    rule.all(),
                    rule.none(),
                    rule.fields(),
                    rule.minMentions());
        } else if (!rule.id().equals(id)) {
            throw ApiException.badRequest(
                    "id", "the body's id '" + rule.id() + "' differs from the path's '" + id + "'");
        }
        String tooMany = follower.categoryLimit(rule);
        if (tooMany != null) {
            throw ApiException.badRequest("category", tooMany);
        }
        synchronized (writes) {
            int version = nextVersion(request, id);
            RuleRecord written;
            try {
                written = topic.put(rule, base, version);
            } catch (InvalidRulesException e) {
                throw ApiException.badRequest(null, String.join("; ", e.problems()));
            }
            return answer(200, written);
        }
    }

    private HttpResponse delete(HttpRequest request) throws InterruptedException {
        String id = request.pathParam("id");
        find(id);
        synchronized (writes) {
            return answer(200, topic.delete(id, nextVersion(request, id)));
        }
    }

    /** One above the version in force, after checking {@code If-Match} against it. */
    private int nextVersion(HttpRequest request, String id) {
        return ChangeRequests.nextVersion(request, "rule", id, follower.versionOf(id));
    }

    private HttpResponse answer(int status, RuleRecord written) throws InterruptedException {
        return ChangeRequests.answer(follower.changes(), status, written, inForce -> written.rule());
    }
}
