package io.geoalert.model;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Headers on a dead-letter record, following Kafka Connect's {@code __connect.errors.*}
 * names plus the pipeline stage that gave up on it.
 */
public final class DeadLetterHeaders {

    public static final String ORIGINAL_TOPIC = "__connect.errors.topic";
    public static final String ORIGINAL_PARTITION = "__connect.errors.partition";
    public static final String ORIGINAL_OFFSET = "__connect.errors.offset";
    public static final String EXCEPTION_CLASS = "__connect.errors.exception.class.name";
    public static final String EXCEPTION_MESSAGE = "__connect.errors.exception.message";
    public static final String STAGE = "__geoalert.errors.stage";
    /** Short aliases named in DESIGN.md. */
    public static final String ERROR_CLASS = "error.class";

    public static final String ERROR_MESSAGE = "error.message";
    /** Names the rule that failed, on records set aside by the match stage. */
    public static final String RULE_ID = "__geoalert.errors.rule";
    /** Names the subscription that gave up on an alert, on records set aside by delivery. */
    public static final String SUBSCRIPTION = "geoalert.subscription";
    /** The destination's last answer before delivery gave up (status and error). */
    public static final String LAST_ERROR = "geoalert.error.last";

    private static final int MAX_MESSAGE_CHARS = 1_000;

    private DeadLetterHeaders() {}

    /** Adds the headers that say where a record came from and why it was set aside. */
    public static Headers addTo(
            Headers headers, String stage, String topic, int partition, long offset, Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (message.length() > MAX_MESSAGE_CHARS) {
            message = message.substring(0, MAX_MESSAGE_CHARS) + "…"; // a header is no place for a whole input
        }
        put(headers, ORIGINAL_TOPIC, topic);
        put(headers, ORIGINAL_PARTITION, Integer.toString(partition));
        put(headers, ORIGINAL_OFFSET, Long.toString(offset));
        put(headers, EXCEPTION_CLASS, error.getClass().getName());
        put(headers, EXCEPTION_MESSAGE, message);
        put(headers, ERROR_CLASS, error.getClass().getName());
        put(headers, ERROR_MESSAGE, message);
        put(headers, STAGE, stage);
        return headers;
    }

    /** The text of a header, or {@code null} when absent. */
    public static String read(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Adds one more header (e.g. {@link #RULE_ID}), replacing an earlier one of that name. */
    public static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
}
