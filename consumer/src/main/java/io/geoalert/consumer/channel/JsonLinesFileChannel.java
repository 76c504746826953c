package io.geoalert.consumer.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each alert as one JSON line, as the JSON-lines file sink does, and syncs the file to disk
 * before reporting it sent. A test delivery's lines carry {@code "test": true}. The file is opened
 * anew for every message, so log rotation needs no restart.
 */
public final class JsonLinesFileChannel implements Channel {

    private final Path file;

    public JsonLinesFileChannel(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public String type() {
        return "file";
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized Outcome send(Delivery delivery) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (Alert alert : delivery.alerts()) {
            if (delivery.test()) {
                ObjectNode marked = Json.MAPPER.valueToTree(alert);
                marked.put("test", true);
                lines.writeBytes(Json.toBytes(marked));
            } else {
                lines.writeBytes(Json.toBytes(alert));
            }
            lines.write('\n');
        }
        try {
            append(ByteBuffer.wrap(lines.toByteArray()));
            return new Outcome.Sent(0);
        } catch (IOException e) {
            // a full or read-only disk may be fixed; the engine's retries and dead letters bound it
            return new Outcome.Retry(0, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    private void append(ByteBuffer lines) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean created = !Files.exists(file);
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            long before = channel.size();
            try {
                while (lines.hasRemaining()) {
                    channel.write(lines);
                }
                channel.force(false);
            } catch (IOException e) {
                // a torn last line would break readers; the whole message comes again on retry
                truncateQuietly(channel, before);
                throw e;
            }
        }
        if (created) {
            // the new file's directory entry must reach the disk too, or a crash can lose the file
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            } catch (IOException | RuntimeException ignored) {
                // not every platform can open a directory; the file's own data is synced
            }
        }
    }

    private static void truncateQuietly(FileChannel channel, long size) {
        try {
            channel.truncate(size);
        } catch (IOException | RuntimeException ignored) {
            // the disk refuses this too; readers skip a torn line
        }
    }
}
