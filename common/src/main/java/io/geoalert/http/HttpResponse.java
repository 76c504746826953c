package io.geoalert.http;

import io.geoalert.model.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: status, content type and body. */
public record HttpResponse(int status, String contentType, byte[] body) {

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
}
