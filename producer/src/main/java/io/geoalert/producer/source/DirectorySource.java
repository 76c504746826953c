package io.geoalert.producer.source;

import io.geoalert.model.NewsItem;
import io.geoalert.producer.item.JsonLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-lines files of NewsItems dropped into a directory, read by {@link JsonLines} and so checked
 * as {@code geoalert publish} and HTTP push check them (an item over the limits is refused, not
 * cut). A file is read once it has been left alone for {@code settle} (so one still being written
 * is not taken half-way), and moves to {@code done/} only after every item and rejected line of it is acknowledged by Kafka. A file
 * that cannot be read as a whole (not UTF-8, too large, cut off in the middle of a line) moves to
 * {@code failed/} with a {@code <name>.reason.txt} beside it; bad lines of a good file go to
 * {@code news.dlq} with their line number. One bad file never blocks the others.
 */
public final class DirectorySource extends ConfiguredSource {

    private static final Logger log = LoggerFactory.getLogger(DirectorySource.class);

    private final Path dir;
    private final Duration settle;
    private final long maxFileBytes;
    private final Clock clock;
    private final List<RejectedInput> rejected = new CopyOnWriteArrayList<>();
    /** Files whose content the last poll offered; moved to done/ when that is acknowledged. */
    private final List<Path> offered = new CopyOnWriteArrayList<>();

    public DirectorySource(SourceSpec spec, Path dir, Duration settle, long maxFileBytes, Clock clock) {
        super(spec);
        this.dir = dir;
        this.settle = settle;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
    }

    @Override
    public List<NewsItem> poll() throws SourceException {
        offered.clear();
        rejected.clear(); // a poll offers everything again until it is acknowledged
        List<Path> files;
        try {
            Files.createDirectories(dir.resolve("done"));
            Files.createDirectories(dir.resolve("failed"));
            try (Stream<Path> list = Files.list(dir)) {
                files = list.filter(f -> f.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(f))
                        .sorted()
                        .toList();
            }
        } catch (IOException e) {
            throw new SourceException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<NewsItem> items = new ArrayList<>();
        for (Path file : files) {
            try {
                if (!settled(file)) {
                    continue; // still being written, or just dropped: next poll
                }
                FileContent content = read(file);
                items.addAll(content.items);
                rejected.addAll(content.rejected);
                offered.add(file);
            } catch (UnreadableFileException e) {
                setAside(file, e.getMessage());
            } catch (IOException e) {
                setAside(file, "cannot read: " + e.getMessage());
            }
        }
        return items;
    }

    private boolean settled(Path file) throws IOException {
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        return !modified.plus(settle).isAfter(clock.instant());
    }

    private record FileContent(List<NewsItem> items, List<RejectedInput> rejected) {}

    /** The file as a whole cannot be taken: it goes to failed/. */
    private static final class UnreadableFileException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableFileException(String message) {
            super(message);
        }
    }

    private FileContent read(Path file) throws IOException, UnreadableFileException {
        long size = Files.size(file);
        if (size > maxFileBytes) {
            throw new UnreadableFileException(
                    "the file has " + size + " bytes, more than the limit of " + maxFileBytes);
        }
        List<NewsItem> items = new ArrayList<>();
        List<RejectedInput> bad = new ArrayList<>();
        String origin = "file:" + file;
        try (InputStream in = Files.newInputStream(file)) {
            JsonLines lines = new JsonLines(in);
            for (JsonLines.Line line = lines.next(); line != null; line = lines.next()) {
                if (line instanceof JsonLines.Item item) {
                    items.add(item.item());
                } else if (line instanceof JsonLines.Refusal refusal) {
                    bad.add(rejected(refusal, origin));
                }
            }
        }
        for (RejectedInput r : bad) {
            log.warn(
                    "{} line {} set aside to news.dlq: {}",
                    file,
                    r.position(),
                    r.reason().getMessage());
        }
        return new FileContent(items, bad);
    }

    /** A bad line to dead-letter; a line that spoils the whole file throws instead. */
    private static RejectedInput rejected(JsonLines.Refusal refusal, String origin) throws UnreadableFileException {
        if (refusal.notUtf8()) {
            throw new UnreadableFileException("the file is not valid UTF-8");
        }
        if (refusal.unterminated()) {
            // a last line without its newline that does not parse: the writer stopped half-way
            throw new UnreadableFileException("the file ends in the middle of line " + refusal.number()
                    + " (half-written?): " + refusal.reason().getMessage());
        }
        return new RejectedInput(refusal.raw(), origin, refusal.number(), refusal.reason());
    }

    private void setAside(Path file, String reason) {
        Path failed = dir.resolve("failed");
        try {
            Files.createDirectories(failed);
            Files.writeString(
                    failed.resolve(file.getFileName() + ".reason.txt"), reason + "\n", StandardCharsets.UTF_8);
            Files.move(file, failed.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            log.warn("feed {}: {} moved to failed/: {}", spec.id(), file.getFileName(), reason);
        } catch (IOException e) {
            log.warn(
                    "feed {}: {} is unreadable ({}) and could not be moved to failed/: {}",
                    spec.id(),
                    file.getFileName(),
                    reason,
                    e.getMessage());
        }
    }

    @Override
    public List<RejectedInput> drainRejected() {
        List<RejectedInput> out = List.copyOf(rejected);
        rejected.removeAll(out);
        return out;
    }

    /** Everything offered is on Kafka: the files are done. */
    @Override
    public void onPublished() {
        for (Path file : offered) {
            try {
                Files.move(file, dir.resolve("done").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // read again next poll: its items are known as published, so only its bad lines repeat
                log.warn(
                        "feed {}: {} is published but could not be moved to done/: {}",
                        spec.id(),
                        file.getFileName(),
                        e.getMessage());
            }
        }
        offered.clear();
    }

    /** Kafka did not take everything: the files stay, and the next poll offers them again. */
    @Override
    public void onPublishFailed(Exception why) {
        offered.clear();
    }
}
