package io.geoalert.consumer.delivery;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each alert as one JSON line to a file (by default {@code ./data/alerts.jsonl}). */
public final class JsonLinesFileSink implements AlertSink {

    private final Path file;
    private final BufferedWriter writer;

    public JsonLinesFileSink(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    @Override
    public String name() {
        return "file";
    }

    public Path file() {
        return file;
    }

    @Override
    public void deliver(Alert alert) throws IOException {
        writer.write(Json.toString(alert));
        writer.newLine();
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
