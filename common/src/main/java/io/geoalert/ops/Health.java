package io.geoalert.ops;

import io.geoalert.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The health of a process: each component reports UP or DOWN with a detail line.
 * {@code GET /health} answers 503 when any component is DOWN.
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
