package io.geoalert.consumer.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends whole lines to a file and forces them to disk before returning: what the file sink and
 * the file channel promise before an alert counts as delivered. The file is opened anew each time,
 * so a file moved away (log rotation) or a directory recreated is picked up without a restart.
 */
public final class DurableAppend {

    private DurableAppend() {}

    /**
     * Appends {@code lines} and syncs them; on failure the file is cut back to where it was, so a
     * torn last line never stays for readers (the caller sends the whole batch again).
     */
    public static void append(Path file, ByteBuffer lines) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        boolean created = !Files.exists(file);
        try (FileChannel channel = open(file)) {
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

    /** Opens the file for appending, creating it: also how a sink checks its path at start-up. */
    public static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

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
}
