package io.geoalert.http;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request as a route sees it: method, path, decoded query, path parameters and body. */
public record HttpRequest(
        String method,
        String path,
        Map<String, String> query,
        Map<String, String> pathParams,
        Map<String, List<String>> headers,
        byte[] body) {

    public Optional<String> queryParam(String name) {
        String value = query.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The body as text; 400 when it is not valid UTF-8. */
    public String bodyText() {
        return Utf8.decode(body, "request body");
    }

    /** Parses a raw query string; 400 on a malformed percent-escape or invalid UTF-8. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            String[] kv = pair.split("=", 2);
            String key = decode(kv[0], true, "query");
            String value = kv.length > 1 ? decode(kv[1], true, "query") : "";
            out.putIfAbsent(key, value);
        }
        return out;
    }

    /**
     * Decodes one percent-encoded URI component strictly: {@code %} must be followed by two hex
     * digits and the bytes must be UTF-8 ({@code URLDecoder} throws an unchecked error, or replaces).
     */
    static String decode(String raw, boolean plusIsSpace, String where) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw ApiException.badRequest(
                            null, "malformed percent-escape in the " + where + " at character " + i);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    utf8 = raw.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return Utf8.decode(bytes.toByteArray(), "the " + where);
    }
}
