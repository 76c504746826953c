package io.geoalert.producer.feed;

/** A feed that cannot be read, with one sentence saying why (never a stack trace for users). */
public class FeedParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public FeedParseException(String message, Throwable cause) {
        super(message, cause);
    }

    public FeedParseException(String message) {
        super(message);
    }
}
