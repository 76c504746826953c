package io.geoalert.consumer.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"alertId\":\"a1\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Duration TOLERANCE = WebhookSignature.DEFAULT_TOLERANCE;

    @Test
    void matchesAPublishedHmacSha256OfTimestampDotBody() {
        // computed independently: printf '1700000000.{"alertId":"a1"}' | openssl dgst -sha256 -hmac whsec_test
        assertEquals(
                "t=1700000000,v1=e7f648b303770a363c17e92e565f09acffc7753332b26cbada73b8e092bd9629",
                WebhookSignature.sign(BODY, 1_700_000_000L, List.of("whsec_test")));
    }

    @Test
    void acceptsEitherSecretWhileTwoAreActive() {
        String header = WebhookSignature.sign(BODY, NOW.getEpochSecond(), List.of("old-secret", "new-secret"));
        assertTrue(WebhookSignature.verify(header, BODY, "old-secret", NOW, TOLERANCE));
        assertTrue(WebhookSignature.verify(header, BODY, "new-secret", NOW, TOLERANCE));
        assertFalse(WebhookSignature.verify(header, BODY, "other-secret", NOW, TOLERANCE));
    }

    @Test
    void rejectsATamperedBody() {
        String header = WebhookSignature.sign(BODY, NOW.getEpochSecond(), List.of("s3cret"));
        byte[] tampered = "{\"alertId\":\"a2\"}".getBytes(StandardCharsets.UTF_8);
        assertFalse(WebhookSignature.verify(header, tampered, "s3cret", NOW, TOLERANCE));
    }

    @Test
    void rejectsATimestampOlderThanFiveMinutes() {
        long signedAt = NOW.minus(Duration.ofMinutes(5)).minusSeconds(1).getEpochSecond();
        String header = WebhookSignature.sign(BODY, signedAt, List.of("s3cret"));
        assertFalse(WebhookSignature.verify(header, BODY, "s3cret", NOW, TOLERANCE));
        String recent = WebhookSignature.sign(BODY, NOW.minusSeconds(299).getEpochSecond(), List.of("s3cret"));
        assertTrue(WebhookSignature.verify(recent, BODY, "s3cret", NOW, TOLERANCE));
    }

    @Test
    void rejectsATimestampChangedAfterSigning() {
        String header = WebhookSignature.sign(BODY, NOW.getEpochSecond(), List.of("s3cret"));
        String moved = header.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() - 1));
        assertFalse(WebhookSignature.verify(moved, BODY, "s3cret", NOW, TOLERANCE));
    }

    @Test
    void treatsMalformedHeadersAsInvalid() {
        for (String header : new String[] {
            null,
            "",
            "garbage",
            "t=abc,v1=00",
            "v1=00",
            "t=" + NOW.getEpochSecond(),
            "t=1,t=2,v1=00",
            "t=" + NOW.getEpochSecond() + ",v1=zz"
        }) {
            assertFalse(WebhookSignature.verify(header, BODY, "s3cret", NOW, TOLERANCE), String.valueOf(header));
        }
    }

    @Test
    void skipsSchemesItDoesNotKnow() {
        String header = WebhookSignature.sign(BODY, NOW.getEpochSecond(), List.of("s3cret"));
        assertTrue(WebhookSignature.verify(header + ",v2=abcdef", BODY, "s3cret", NOW, TOLERANCE));
    }
}
