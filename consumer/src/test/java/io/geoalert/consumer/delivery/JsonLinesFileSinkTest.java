package io.geoalert.consumer.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.consumer.TestAlerts;
import io.geoalert.model.Alert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkTest {

    @TempDir
    Path dir;

    private static Alert alert(String id) {
        return TestAlerts.alert(id, "treaty", "Treaty " + id, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void holdsLinesUntilFlushThenAppendsThem() throws IOException {
        Path file = dir.resolve("alerts.jsonl");
        JsonLinesFileSink sink = new JsonLinesFileSink(file);
        sink.deliver(alert("a"));
        sink.deliver(alert("b"));
        assertEquals(0, Files.size(file), "written before the flush");

        sink.flush();
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("\"alertId\":\"a\""), lines.get(0));

        sink.deliver(alert("c"));
        sink.flush();
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void dropsTheBatchWhenTheDirectoryIsGoneAndWritesTheNextOnceItCanBeCreatedAgain() throws IOException {
        Path out = dir.resolve("out");
        Path file = out.resolve("alerts.jsonl");
        JsonLinesFileSink sink = new JsonLinesFileSink(file);
        Files.delete(file);
        Files.delete(out);
        // a regular file where the directory was: tests run as root, where permissions would not stop a write
        Files.writeString(out, "in the way");

        sink.deliver(alert("lost-to-redelivery"));
        assertThrows(IOException.class, sink::flush);

        Files.delete(out);
        sink.deliver(alert("after"));
        sink.flush();
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), "the failed batch must be dropped: the service delivers it again");
        assertTrue(lines.get(0).contains("\"alertId\":\"after\""));
    }

    @Test
    void refusesAtStartUpAPathThatCannotBeAFile() throws IOException {
        Path taken = dir.resolve("taken");
        Files.createDirectories(taken);
        IOException error = assertThrows(IOException.class, () -> new JsonLinesFileSink(taken));
        assertTrue(error.getMessage().contains("taken"), error.getMessage());
    }

    @Test
    void aFlushWithNothingHeldTouchesNothing() throws IOException {
        Path file = dir.resolve("sub").resolve("alerts.jsonl");
        JsonLinesFileSink sink = new JsonLinesFileSink(file);
        Files.delete(file);
        sink.flush();
        assertFalse(Files.exists(file));
    }
}
