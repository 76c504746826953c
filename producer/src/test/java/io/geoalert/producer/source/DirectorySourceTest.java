package io.geoalert.producer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.NewsItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySourceTest {

    @TempDir
    Path dir;

    private static final String GOOD =
            "{\"id\":\"a1\",\"source\":\"drop\",\"title\":\"Embargo lifted\",\"body\":\"b\"}\n";
    private static final String OTHER =
            "{\"id\":\"a2\",\"source\":\"drop\",\"title\":\"Treaty signed\",\"body\":\"b\"}\n";

    private DirectorySource source() {
        return new DirectorySource(
                new SourceSpec("drop", "directory", Duration.ofSeconds(5)),
                dir,
                Duration.ofSeconds(1),
                1 << 20,
                Clock.systemUTC());
    }

    private Path drop(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(10))); // settled
        return file;
    }

    private Path drop(String name, String content) throws IOException {
        return drop(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void movesAFileToDoneOnlyOnceItsItemsAreAcknowledged() throws Exception {
        Path file = drop("a.jsonl", GOOD + "{broken\n");
        DirectorySource source = source();

        assertEquals(List.of("a1"), source.poll().stream().map(NewsItem::id).toList());
        assertEquals(1, source.drainRejected().size(), "the bad line is offered to news.dlq");
        assertTrue(Files.exists(file), "not moved before Kafka acknowledged it");

        source.onPublishFailed(new IllegalStateException("broker down"));
        assertTrue(Files.exists(file), "a failed publish keeps the file");
        assertEquals(
                List.of("a1"), source.poll().stream().map(NewsItem::id).toList(), "and the next poll offers it again");
        assertEquals(1, source.drainRejected().size(), "bad lines included");

        source.onPublished();
        assertFalse(Files.exists(file));
        assertTrue(Files.exists(dir.resolve("done/a.jsonl")));
        assertEquals(List.of(), source.poll());
    }

    @Test
    void leavesAFileBeingWrittenUntilItSettles() throws Exception {
        Path file = dir.resolve("fresh.jsonl");
        Files.writeString(file, GOOD);
        DirectorySource source = source();
        assertEquals(List.of(), source.poll(), "modified within the last second: maybe still being written");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(2)));
        assertEquals(1, source.poll().size());
    }

    @Test
    void setsAsideUnreadableAndHalfWrittenFilesWithAReasonAndGoesOnWithTheOthers() throws Exception {
        drop("1-latin1.jsonl", new byte[] {'{', '"', 't', (byte) 0xE9, '"', '}', '\n'});
        drop("2-cut.jsonl", GOOD + "{\"id\":\"a3\",\"source\":\"drop\",\"tit");
        drop("3-good.jsonl", OTHER);
        DirectorySource source = source();

        assertEquals(List.of("a2"), source.poll().stream().map(NewsItem::id).toList());
        assertTrue(Files.exists(dir.resolve("failed/1-latin1.jsonl")));
        assertEquals(
                "the file is not valid UTF-8\n", Files.readString(dir.resolve("failed/1-latin1.jsonl.reason.txt")));
        assertTrue(Files.exists(dir.resolve("failed/2-cut.jsonl")));
        assertTrue(
                Files.readString(dir.resolve("failed/2-cut.jsonl.reason.txt"))
                        .startsWith("the file ends in the middle of line 2"),
                Files.readString(dir.resolve("failed/2-cut.jsonl.reason.txt")));
        source.onPublished();
        assertTrue(Files.exists(dir.resolve("done/3-good.jsonl")));
    }

    @Test
    void takesALastLineWithoutNewlineWhenItIsComplete() throws Exception {
        drop("a.jsonl", GOOD + OTHER.strip());
        assertEquals(
                List.of("a1", "a2"), source().poll().stream().map(NewsItem::id).toList());
    }

    @Test
    void setsAsideAFileOverTheSizeLimit() throws Exception {
        drop("big.jsonl", GOOD.repeat(20));
        DirectorySource source = new DirectorySource(
                new SourceSpec("drop", "directory", Duration.ofSeconds(5)),
                dir,
                Duration.ofSeconds(1),
                100,
                Clock.systemUTC());
        assertEquals(List.of(), source.poll());
        assertTrue(Files.readString(dir.resolve("failed/big.jsonl.reason.txt")).contains("more than the limit of 100"));
    }
}
