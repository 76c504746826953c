package io.geoalert.producer.source;

import java.util.Map;

/** Typed access to a source's options, with errors that name the key. */
final class Options {

    private final String id;
    private final Map<String, Object> values;

    Options(String id, Map<String, Object> values) {
        this.id = id;
        this.values = values;
    }

    String optional(String key) {
        Object value = values.get(key);
        return value == null ? null : value.toString();
    }

    String required(String key) {
        String value = optional(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("feeds[" + id + "]." + key + " is required");
        }
        return value;
    }

    /** A duration such as {@code 1s} or {@code 500ms}. */
    java.time.Duration duration(String key) {
        String text = required(key);
        try {
            java.time.Duration value = io.geoalert.model.TimeSpans.duration(text);
            if (value.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return value;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "feeds[" + id + "]." + key + " must be a duration like 1s or 500ms, was '" + text + "'");
        }
    }

    /** A whole number above zero. */
    long positiveLong(String key) {
        String text = required(key);
        try {
            long value = Long.parseLong(text.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error naming the key
        }
        throw new IllegalArgumentException(
                "feeds[" + id + "]." + key + " must be a whole number above 0, was '" + text + "'");
    }

    /** A true/false option, false when absent. */
    boolean flag(String key) {
        Object value = values.get(key);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("feeds[" + id + "]." + key + " must be true or false, was '" + text + "'");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
        Object value = values.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("feeds[" + id + "]." + key + " must be a map");
        }
        return (Map<String, Object>) value;
    }
}
