package io.geoalert.consumer.channel;

import java.time.Duration;

/**
 * How a send went. {@link Sent}: the destination took it. {@link Retry}: a transient failure (a
 * timeout, a 5xx, a 429); {@code after} is the destination's own {@code Retry-After} when it gave
 * one. {@link Refused}: the destination will not take this message as it is (a 4xx other than 408
 * and 429, a rejected recipient); retrying cannot help.
 */
public sealed interface Outcome {

    /** HTTP status or SMTP reply code, or 0 when there was none. */
    int status();

    record Sent(int status) implements Outcome {}

    record Retry(int status, String error, Duration after) implements Outcome {}

    record Refused(int status, String error) implements Outcome {}
}
