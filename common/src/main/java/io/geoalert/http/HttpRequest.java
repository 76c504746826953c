package io.geoalert.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request as a route sees it: method, path, decoded query, path parameters and body. */
public record HttpRequest(String method, String path, Map<String, String> query,
                          Map<String, String> pathParams, Map<String, List<String>> headers, byte[] body) {

    public Optional<String> queryParam(String name) {
        String value = query.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            String[] kv = pair.split("=", 2);
            String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
            String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
            out.putIfAbsent(key, value);
        }
        return out;
    }
}
