package io.geoalert.ops;

import io.geoalert.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The health of a process: each component reports UP or DOWN with a detail line.
 * {@code GET /health} answers the full view, 503 when any component is DOWN. For probes there are
 * two short answers: liveness ({@link #respondLive}: the process works, 503 only once it is
 * stopping) and readiness ({@link #respondReady}: every component UP, else 503 naming the ones
 * that are not).
 */
public final class Health {

    /** One component's state. */
    public record Status(boolean up, String detail) {
        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }

    private final Map<String, Supplier<Status>> components = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    public Health register(String component, Supplier<Status> check) {
        components.put(component, check);
        return this;
    }

    /** Stops showing a component (one that came and went with a subscription, say). */
    public Health unregister(String component) {
        components.remove(component);
        return this;
    }

    /** Evaluates every component now. */
    public Map<String, Status> check() {
        Map<String, Status> out = new LinkedHashMap<>();
        components.keySet().stream().sorted().forEach(name -> {
            Status status;
            try {
                status = components.get(name).get();
            } catch (RuntimeException e) {
                status = Status.down(e.toString());
            }
            out.put(name, status);
        });
        return out;
    }

    /** From now on the process is going away: liveness and readiness answer 503. */
    public void stopping() {
        stopping = true;
    }

    /**
     * The {@code /health/live} route: 200 {@code {"status":"UP"}} while the process works, 503
     * once it is shutting down. It asks no component, so a slow broker never fails it (a liveness
     * probe that fails gets the process restarted, which would not bring the broker back).
     */
    public HttpResponse respondLive() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", stopping ? "DOWN" : "UP");
        if (stopping) {
            body.put("detail", "shutting down");
        }
        return HttpResponse.json(stopping ? 503 : 200, body);
    }

    /**
     * The {@code /health/ready} route: 200 {@code {"status":"UP"}} when every component is UP;
     * otherwise 503 with {@code "failing": {component: detail}} naming each component that is DOWN
     * (and {@code "node"} while shutting down).
     */
    public HttpResponse respondReady() {
        Map<String, Object> failing = new LinkedHashMap<>();
        if (stopping) {
            failing.put("node", "shutting down");
        }
        check().forEach((name, s) -> {
            if (!s.up()) {
                failing.put(name, s.detail());
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", failing.isEmpty() ? "UP" : "DOWN");
        if (!failing.isEmpty()) {
            body.put("failing", failing);
        }
        return HttpResponse.json(failing.isEmpty() ? 200 : 503, body);
    }

    /** The {@code /health} route. */
    public HttpResponse respond() {
        Map<String, Status> statuses = check();
        boolean up = statuses.values().stream().allMatch(Status::up);
        Map<String, Object> components = new LinkedHashMap<>();
        statuses.forEach((name, s) -> {
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("status", s.up() ? "UP" : "DOWN");
            component.put("detail", s.detail());
            components.put(name, component);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("components", components);
        return HttpResponse.json(up ? 200 : 503, body);
    }
}
