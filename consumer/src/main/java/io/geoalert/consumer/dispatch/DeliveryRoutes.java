package io.geoalert.consumer.dispatch;

import io.geoalert.http.ApiException;
import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/subscriptions/{id}/deliveries}: a subscription's recent deliveries, newest first
 * ({@code ?limit=} 1-1000, default 50); {@code POST /v1/subscriptions/{id}/deliveries/{deliveryId}/redeliver}:
 * sends one again through the subscription's channel, as a new attempt under the same delivery id,
 * and answers how it went. The other {@code /v1/subscriptions} routes live elsewhere.
 */
public final class DeliveryRoutes {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 1000;

    private final Dispatch dispatch;

    public DeliveryRoutes(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    public void bind(HttpApi http) {
        http.get("/v1/subscriptions/{id}/deliveries", this::list)
                .post("/v1/subscriptions/{id}/deliveries/{deliveryId}/redeliver", this::redeliver);
    }

    private HttpResponse list(HttpRequest request) {
        String id = request.pathParam("id");
        int limit = limit(request);
        List<DeliveryAttempt> deliveries = dispatch.deliveries(id, limit)
                .orElseThrow(() -> new ApiException(404, "id", "no subscription '" + id + "'"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscription", id);
        body.put("deliveries", deliveries);
        return HttpResponse.json(200, body);
    }

    private HttpResponse redeliver(HttpRequest request) {
        Dispatch.Redelivery result = dispatch.redeliver(request.pathParam("id"), request.pathParam("deliveryId"));
        if (result instanceof Dispatch.Redelivery.Done done) {
            return HttpResponse.json(200, done.attempt());
        }
        if (result instanceof Dispatch.Redelivery.NotFound notFound) {
            throw new ApiException(404, notFound.field(), notFound.message());
        }
        throw new ApiException(409, "id", ((Dispatch.Redelivery.Unavailable) result).message());
    }

    private static int limit(HttpRequest request) {
        String raw = request.queryParam("limit").orElse(null);
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, naming the parameter
        }
        throw ApiException.badRequest(
                "limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + raw + "'");
    }
}
