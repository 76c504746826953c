package io.geoalert.consumer.delivery;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Appends each alert as one JSON line to a file (by default {@code ./data/alerts.jsonl}). Lines are
 * held in memory until {@link #flush}, which appends them and syncs the file to disk, so a committed
 * offset never covers an alert the file does not hold.
 */
public final class JsonLinesFileSink implements AlertSink {

    private final Path file;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Creates the directory and checks the file can be opened, so a wrong path fails at start-up. */
    public JsonLinesFileSink(Path file) throws IOException {
        this.file = file.toAbsolutePath();
        Files.createDirectories(this.file.getParent());
        DurableAppend.open(this.file).close(); // opened and closed: the path is usable
    }

    @Override
    public String name() {
        return "file";
    }

    public Path file() {
        return file;
    }

    @Override
    public void deliver(Alert alert) {
        pending.writeBytes(Json.toBytes(alert));
        pending.write('\n');
    }

    /** Appends the held lines and forces them to disk (see {@link DurableAppend}). */
    @Override
    public void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer lines = ByteBuffer.wrap(pending.toByteArray());
        // dropped whatever happens next: after a failure the service delivers these alerts again
        pending.reset();
        DurableAppend.append(file, lines);
    }

    @Override
    public void close() {
        pending.reset();
    }
}
