package io.geoalert.changes;

import java.util.Objects;

/** What a kind makes of the content of a change: the value to put in force, or why it is refused. */
public record Verdict<V>(V value, String refusal) {

    public static <V> Verdict<V> accept(V value) {
        return new Verdict<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <V> Verdict<V> refuse(String reason) {
        return new Verdict<>(null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean accepted() {
        return refusal == null;
    }
}
