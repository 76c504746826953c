package io.geoalert.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.OptionSpec;

/** Whether a value can be given to an option, said naming the key and what it takes. */
final class ValueCheck {

    private ValueCheck() {}

    static Optional<String> problem(String key, OptionSpec option, Class<?> elementType, JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.of(key + " has no value");
        }
        if (option.isMultiValue()) {
            for (JsonNode one : value.isArray() ? value : List.of(value)) {
                if (one.isContainerNode() || one.isNull()) {
                    return Optional.of(key + " must be a list of single values");
                }
                Optional<String> problem = problem(key, elementType, one.asText());
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }
        if (value.isContainerNode()) {
            return Optional.of(key + " must be a single value, was a " + (value.isArray() ? "list" : "map"));
        }
        return problem(key, option.type(), value.asText());
    }

    static Optional<String> problem(String key, Class<?> type, String text) {
        if (type == boolean.class || type == Boolean.class) {
            return "true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)
                    ? Optional.empty()
                    : Optional.of(key + " must be true or false, was '" + text + "'");
        }
        if (isWholeNumber(type)) {
            try {
                if (type == int.class || type == Integer.class) {
                    Integer.parseInt(text.strip());
                } else {
                    Long.parseLong(text.strip());
                }
                return Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.of(key + " must be a whole number, was '" + text + "'");
            }
        }
        if (type.isEnum()) {
            List<String> allowed = ConfigKeys.constants(type);
            return allowed.contains(text)
                    ? Optional.empty()
                    : Optional.of(key + " must be one of " + String.join(", ", allowed) + "; was '" + text + "'");
        }
        return Optional.empty();
    }

    static boolean isWholeNumber(Class<?> type) {
        return type == int.class || type == Integer.class || type == long.class || type == Long.class;
    }
}
