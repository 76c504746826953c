package io.geoalert.http;

import java.util.Locale;
import java.util.Set;

/** Which {@code Content-Type} a write may carry: JSON or JSON lines, in UTF-8. */
final class JsonContentType {

    private static final Set<String> ACCEPTED = Set.of("application/json", "application/x-ndjson", "application/jsonl");

    private JsonContentType() {}

    static boolean accepts(String header) {
        if (header == null) {
            return false;
        }
        String[] parts = header.toLowerCase(Locale.ROOT).split(";", -1);
        if (!ACCEPTED.contains(parts[0].strip())) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv[0].strip().equals("charset")
                    && kv.length == 2
                    && !kv[1].strip().replace("\"", "").equals("utf-8")) {
                return false; // bodies are decoded as UTF-8 only
            }
        }
        return true;
    }
}
