package io.geoalert.consumer.delivery;

import static io.geoalert.consumer.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertLineTest {

    @Test
    void showsTimeSeverityCategoryRuleTitleAndMatchedTerms() {
        String line = AlertLine.format(
                alert("a", "sanctions", "Sanctions widened", Instant.parse("2026-11-29T10:00:00.123Z")), false);
        assertEquals(
                "2026-11-29T10:00:00Z  HIGH      sanctions  rule-sanctions           \"Sanctions widened\"  [sanctions]",
                line);
    }

    @Test
    void neutralisesEscapeSequencesAndLineBreaksFromFeedText() {
        String line = AlertLine.format(
                alert("a", "sanctions", "Fake\u001b[2J\u001b[31m title\r\nforged line\u202e", Instant.EPOCH), false);
        assertFalse(line.contains("\u001b"), line);
        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u202e"), line);
        assertTrue(line.contains("Fake [2J [31m title forged line"), line);
    }
}
