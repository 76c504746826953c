package io.geoalert.consumer.channel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Geoalert-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">}, one {@code v1} per active secret (two while a secret is being rotated). A receiver
 * checks it with {@link #verify}: any {@code v1} matching its secret, and a timestamp no older than
 * the tolerance, which stops a captured request from being replayed later.
 */
public final class WebhookSignature {

    /** The header's name. */
    public static final String HEADER = "X-Geoalert-Signature";

    /** How old a signed timestamp a receiver should accept. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {}

    /** The header value for {@code body} sent at {@code timestamp}, signed with each secret in turn. */
    public static String sign(byte[] body, long timestamp, List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("signing needs at least one secret");
        }
        StringBuilder header = new StringBuilder("t=").append(timestamp);
        for (String secret : secrets) {
            header.append(",v1=").append(HEX.formatHex(hmac(secret, timestamp, body)));
        }
        return header.toString();
    }

    /**
     * Whether {@code header} carries a valid signature of {@code body} under {@code secret}, made no
     * longer than {@code tolerance} before {@code now} (nor more than that after it: a clock far
     * ahead is no more trustworthy). A malformed header is simply not valid.
     */
    public static boolean verify(String header, byte[] body, String secret, Instant now, Duration tolerance) {
        if (header == null || body == null || secret == null || secret.isEmpty()) {
            return false;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>(2);
        for (String part : header.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if (key.equals("t")) {
                    if (timestamp != null) {
                        return false;
                    }
                    timestamp = Long.parseLong(value);
                } else if (key.equals("v1")) {
                    signatures.add(HEX.parseHex(value));
                }
                // other schemes (a future v2) are skipped, so receivers keep working when one is added
            } catch (IllegalArgumentException malformed) {
                return false;
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return false;
        }
        long age = now.getEpochSecond() - timestamp;
        if (Math.abs(age) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp, body);
        boolean match = false;
        for (byte[] signature : signatures) {
            // constant time, and every candidate checked, so timing says nothing about which matched
            match |= MessageDigest.isEqual(expected, signature);
        }
        return match;
    }

    /** {@link #verify(String, byte[], String, Instant, Duration)} of a body read as UTF-8 text. */
    public static boolean verify(String header, String body, String secret, Instant now, Duration tolerance) {
        return body != null && verify(header, body.getBytes(StandardCharsets.UTF_8), secret, now, tolerance);
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every Java runtime has HmacSHA256, and any non-empty key is valid for it
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
