package io.geoalert.streams.query;

import io.geoalert.http.ApiException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Where an alert sits in the alerts view: when its first version was raised, then its id. Written so
 * that byte order is newest first (ties by id), the order a page is read in, so a page is one seek
 * and {@code limit} reads; printed as the opaque cursor a client passes back for the next page.
 */
public record AlertKey(long raisedAtMillis, String alertId) implements Comparable<AlertKey> {

    /** The key of the alerts view store: its bytes sort as the keys do. */
    public static final Serde<AlertKey> SERDE = Serdes.serdeFrom(
            (topic, key) -> key == null ? null : key.toBytes(),
            (topic, bytes) -> bytes == null ? null : fromBytes(bytes));

    public AlertKey {
        Objects.requireNonNull(alertId, "alertId");
        if (raisedAtMillis < 0) {
            throw new IllegalArgumentException("an alert raised before 1970: " + raisedAtMillis);
        }
    }

    /** The first key of the alerts raised before {@code millis}: everything from here on is older. */
    public static AlertKey firstBefore(long millis) {
        return new AlertKey(Math.max(0, millis - 1), "");
    }

    /** Newest first, then by id (as unsigned UTF-8 bytes, the order the store keeps). */
    @Override
    public int compareTo(AlertKey other) {
        int byTime = Long.compare(other.raisedAtMillis, raisedAtMillis);
        return byTime != 0
                ? byTime
                : Arrays.compareUnsigned(
                        alertId.getBytes(StandardCharsets.UTF_8), other.alertId.getBytes(StandardCharsets.UTF_8));
    }

    byte[] toBytes() {
        byte[] id = alertId.getBytes(StandardCharsets.UTF_8);
        // the time inverted, big-endian: newer alerts have smaller keys
        return ByteBuffer.allocate(Long.BYTES + id.length)
                .putLong(Long.MAX_VALUE - raisedAtMillis)
                .put(id)
                .array();
    }

    static AlertKey fromBytes(byte[] bytes) {
        if (bytes.length < Long.BYTES) {
            throw new IllegalArgumentException("an alert key is at least 8 bytes, was " + bytes.length);
        }
        long raisedAt = Long.MAX_VALUE - ByteBuffer.wrap(bytes).getLong();
        return new AlertKey(raisedAt, new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8));
    }

    /** The opaque cursor naming this position: a page that ends here continues after it. */
    public String cursor() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(toBytes());
    }

    /** The position a cursor names; 400 naming {@code cursor} when it is not one this API gave out. */
    public static AlertKey fromCursor(String cursor) {
        try {
            return fromBytes(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "cursor", "'cursor' must be the 'next' of an earlier answer; was '" + cursor + "'");
        }
    }
}
