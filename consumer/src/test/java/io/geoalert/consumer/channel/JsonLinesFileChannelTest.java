package io.geoalert.consumer.channel;

import static io.geoalert.consumer.TestAlerts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileChannelTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void appendsOneJsonLinePerAlertCreatingTheDirectory() throws IOException {
        Path file = dir.resolve("out/alerts.jsonl");
        JsonLinesFileChannel channel = new JsonLinesFileChannel(file);
        Alert first = alert("a1", "sanctions", "Sanctions widened", NOW);
        Alert second = alert("a2", "cyber", "Grid\nattack", NOW);

        assertEquals(new Outcome.Sent(0), channel.send(TestDeliveries.instant(first)));
        assertEquals(new Outcome.Sent(0), channel.send(TestDeliveries.digest(List.of(second))));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        assertEquals(first, Json.read(lines.get(0).getBytes(StandardCharsets.UTF_8), Alert.class));
        assertEquals(second, Json.read(lines.get(1).getBytes(StandardCharsets.UTF_8), Alert.class));
        assertFalse(lines.get(0).contains("\"test\""), lines.get(0));
    }

    @Test
    void marksATestDeliverysLine() throws IOException {
        Path file = dir.resolve("alerts.jsonl");
        new JsonLinesFileChannel(file).send(TestDeliveries.test(alert("a1", "sanctions", "t", NOW)));

        JsonNode line = Json.MAPPER.readTree(
                Files.readAllLines(file, StandardCharsets.UTF_8).get(0));
        assertTrue(line.get("test").asBoolean());
        assertEquals("a1", line.get("alertId").asText());
    }

    @Test
    void aPathItCannotWriteIsWorthARetry() throws IOException {
        Path blocker = dir.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        JsonLinesFileChannel channel = new JsonLinesFileChannel(blocker.resolve("alerts.jsonl"));

        Outcome.Retry retry =
                assertInstanceOf(Outcome.Retry.class, channel.send(TestDeliveries.instant(alert("a1", "c", "t", NOW))));
        assertEquals(0, retry.status());
    }
}
