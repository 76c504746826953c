package io.geoalert.consumer.delivery;

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
        open().close(); // opened and closed: the path is usable
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

    /**
     * Appends the held lines and forces them to disk. The file is opened anew each time so that a
     * file moved away (log rotation) or a directory recreated is picked up without a restart.
     */
    @Override
    public void flush() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        ByteBuffer lines = ByteBuffer.wrap(pending.toByteArray());
        // dropped whatever happens next: after a failure the service delivers these alerts again
        pending.reset();
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean created = !Files.exists(file);
        try (FileChannel channel = open()) {
            long before = channel.size();
            try {
                while (lines.hasRemaining()) {
                    channel.write(lines);
                }
                channel.force(false);
            } catch (IOException e) {
                truncateQuietly(channel, before);
                throw e;
            }
        }
        if (created) {
            forceDirectory(dir);
        }
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** A half-written batch would leave a broken last line; the whole batch comes again anyway. */
    private static void truncateQuietly(FileChannel channel, long size) {
        try {
            channel.truncate(size);
        } catch (IOException | RuntimeException ignored) {
            // the disk refuses this too; the reader of the file skips a torn line
        }
    }

    /** A new file's directory entry must reach the disk too, or a crash can lose the whole file. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not every platform can open a directory; the file's own data is already synced
        }
    }

    @Override
    public void close() {
        pending.reset();
    }
}
