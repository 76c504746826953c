package io.geoalert.consumer.subscription;

import java.util.List;

/** A subscription that cannot be used as written: every problem, each naming its field ({@code channel.url ...}). */
public final class InvalidSubscriptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable list of strings
    private final List<String> problems;

    public InvalidSubscriptionException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid subscription needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Each problem, starting with the field at fault, e.g. {@code quietHours.zone 'Mars/Base' is not a time zone}. */
    public List<String> problems() {
        return problems;
    }

    /** The field the first problem names (its first word), for an error's {@code field}. */
    public String field() {
        String first = problems.get(0);
        int space = first.indexOf(' ');
        return space < 0 ? first : first.substring(0, space);
    }
}
