package io.geoalert.http;

import io.geoalert.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: status, content type, body and any extra headers. */
public record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public HttpResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public HttpResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    public static HttpResponse json(int status, Object value) {
        return new HttpResponse(status, "application/json; charset=utf-8", Json.toBytes(value));
    }

    public static HttpResponse text(int status, String contentType, String body) {
        return new HttpResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The error body every route uses: {@code {"error": ..., "field": ..., "status": ...}}. */
    public static HttpResponse error(int status, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return json(status, body);
    }

    /** The error answer for a refusal, with {@code Retry-After} when it says when to come back. */
    public static HttpResponse error(ApiException e) {
        HttpResponse response = error(e.status(), e.field(), e.getMessage());
        return e.retryAfterSeconds() > 0
                ? response.withHeader("Retry-After", Long.toString(e.retryAfterSeconds()))
                : response;
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, contentType, body, more);
    }
}
