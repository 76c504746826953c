package io.geoalert.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent an alert is, lowest first; written in lower case in JSON. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("severity is missing; expected low, medium, high or critical");
        }
        for (Severity severity : values()) {
            if (severity.name().equalsIgnoreCase(text.trim())) {
                return severity;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + text + "'; expected low, medium, high or critical");
    }
}
