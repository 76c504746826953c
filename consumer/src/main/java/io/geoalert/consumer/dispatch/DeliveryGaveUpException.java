package io.geoalert.consumer.dispatch;

/**
 * Why delivery set an alert aside: the destination refused it, or did not take it within the
 * give-up time. Named in the dead-letter record's exception headers.
 */
public final class DeliveryGaveUpException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeliveryGaveUpException(String message) {
        super(message);
    }
}
