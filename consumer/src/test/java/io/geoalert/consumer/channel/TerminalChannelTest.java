package io.geoalert.consumer.channel;

import static io.geoalert.consumer.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalChannelTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final TerminalChannel terminal =
            new TerminalChannel(new PrintStream(screen, true, StandardCharsets.UTF_8), false);

    private List<String> lines() {
        return screen.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsOneLinePerAlert() {
        Outcome outcome = terminal.send(TestDeliveries.digest(
                List.of(alert("a1", "sanctions", "Sanctions widened", NOW), alert("a2", "cyber", "Grid attack", NOW))));

        assertEquals(new Outcome.Sent(0), outcome);
        assertEquals(
                List.of(
                        "2026-11-29T10:00:00Z  HIGH      sanctions  rule-sanctions           \"Sanctions widened\"  [sanctions]",
                        "2026-11-29T10:00:00Z  HIGH      cyber      rule-cyber               \"Grid attack\"  [sanctions]"),
                lines());
    }

    @Test
    void stripsControlSequencesFromFeedText() {
        terminal.send(TestDeliveries.instant(
                alert("a1", "sanctions", "\u001b]0;owned\u0007Fake\u001b[2J\rforged\nline\u009b31m", NOW)));

        String out = screen.toString(StandardCharsets.UTF_8);
        assertEquals(1, lines().size(), out);
        assertFalse(out.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x9b || c == '\r'), out);
        assertTrue(out.contains("\"]0;owned Fake [2J forged line 31m\""), out);
    }

    @Test
    void marksATestDelivery() {
        terminal.send(TestDeliveries.test(alert("a1", "sanctions", "Sanctions widened", NOW)));
        assertTrue(lines().get(0).startsWith("TEST  2026-11-29T10:00:00Z  HIGH"), lines().get(0));
    }
}
