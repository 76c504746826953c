package io.geoalert.streams.rules;

import java.util.List;

/** A rule file that cannot be used; {@link #problems()} lists every error found. */
public class InvalidRulesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidRulesException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
