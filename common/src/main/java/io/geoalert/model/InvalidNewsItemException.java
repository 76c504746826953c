package io.geoalert.model;

/** A news item that cannot be accepted; {@link #field()} names the offending field. */
public class InvalidNewsItemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidNewsItemException(String field, String message) {
        super(message);
        this.field = field;
    }

    public InvalidNewsItemException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The JSON field at fault, or {@code null} when the record as a whole is unreadable. */
    public String field() {
        return field;
    }
}
