package io.geoalert.model;

/** A news item that cannot be accepted; {@link #field()} names the offending field. */
public class InvalidNewsItemException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final boolean tooLarge;

    public InvalidNewsItemException(String field, String message) {
        this(field, message, false);
    }

    private InvalidNewsItemException(String field, String message, boolean tooLarge) {
        super(message);
        this.field = field;
        this.tooLarge = tooLarge;
    }

    /** A field over its limit ({@link NewsLimits}): HTTP answers 413 for these. */
    public static InvalidNewsItemException tooLarge(String field, String message) {
        return new InvalidNewsItemException(field, message, true);
    }

    public InvalidNewsItemException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
        this.tooLarge = false;
    }

    /** True when the item is refused for its size rather than its content. */
    public boolean tooLarge() {
        return tooLarge;
    }

    /** The JSON field at fault, or {@code null} when the record as a whole is unreadable. */
    public String field() {
        return field;
    }
}
