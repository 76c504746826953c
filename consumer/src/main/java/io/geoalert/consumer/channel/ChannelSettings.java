package io.geoalert.consumer.channel;

import io.geoalert.consumer.subscription.SecretRef;
import io.geoalert.model.TimeSpans;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed reads of a channel's settings (as parsed from JSON or YAML), each error naming the setting
 * by its path, e.g. {@code channel.smtp.port}, so that a subscriber can fix it.
 */
final class ChannelSettings {

    private final String prefix;
    private final Map<String, Object> values;

    ChannelSettings(String prefix, Map<String, Object> values) {
        this.prefix = prefix;
        this.values = values == null ? Map.of() : values;
    }

    String path(String key) {
        return prefix + "." + key;
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    String string(String key) {
        Object value = values.get(key);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException(path(key) + " is required");
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(path(key) + " must be a string");
        }
        return text.trim();
    }

    String string(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    boolean bool(String key, boolean fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(path(key) + " must be true or false; was '" + value + "'");
    }

    int port(String key, int fallback) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int port = value instanceof Number number
                    ? Math.toIntExact(number.longValue())
                    : Integer.parseInt(value.toString().trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path(key) + " must be a port number (1-65535); was '" + value + "'");
        }
    }

    /** A span such as {@code 10s}; a bare number is seconds. */
    Duration duration(String key, Duration fallback, Duration max) {
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        Duration span;
        try {
            span = value instanceof Number number
                    ? Duration.ofSeconds(number.longValue())
                    : TimeSpans.duration(value.toString().trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(path(key) + " must be a span like 10s; was '" + value + "'");
        }
        if (span.isZero() || span.isNegative() || span.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    path(key) + " must be more than 0s and at most " + max.toSeconds() + "s; was '" + value + "'");
        }
        return span;
    }

    /** A list of non-blank strings; a single string is taken as a list of one. */
    List<String> strings(String key, int min, int max) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(path(key) + " is required");
        }
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        if (items.size() < min || items.size() > max) {
            throw new IllegalArgumentException(
                    min == max
                            ? path(key) + " must hold " + min + " value" + (min == 1 ? "" : "s")
                            : path(key) + " must hold " + min + " to " + max + " values; has " + items.size());
        }
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof String text) || text.isBlank()) {
                throw new IllegalArgumentException(path(key) + "[" + i + "] must be a non-empty string");
            }
            out.add(text.trim());
        }
        return List.copyOf(out);
    }

    /** A nested object, e.g. {@code smtp}. */
    ChannelSettings object(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(path(key) + " is required");
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(path(key) + " must be an object");
        }
        @SuppressWarnings("unchecked") // keys of a JSON or YAML object are strings
        Map<String, Object> nested = (Map<String, Object>) map;
        return new ChannelSettings(path(key), nested);
    }

    /**
     * An absolute {@code http} or {@code https} URL with a host, given as a literal or a secret
     * reference: Slack and Teams webhook URLs carry their credential in the path. Errors never quote
     * the URL for that reason.
     */
    URI httpUrl(String key, SecretRef secrets) {
        String text = secrets.resolve(path(key), string(key)).trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(path(key) + " is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(path(key) + " must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(path(key) + " must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            // credentials in the URL would be sent in clear to whoever the host is and logged by proxies
            throw new IllegalArgumentException(path(key) + " must not carry a user name or password");
        }
        return uri;
    }
}
