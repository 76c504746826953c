package io.geoalert.producer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesConfigTest {

    @TempDir
    Path dir;

    private List<Source> load(String yaml) throws Exception {
        Path file = dir.resolve("geoalert.yaml");
        Files.writeString(file, yaml);
        return SourcesConfig.load(file);
    }

    @Test
    void findsBuiltInAndPlugInSourceTypes() {
        assertTrue(
                SourcesConfig.factories().keySet().containsAll(List.of("rss", "json-api", "directory", "example")),
                SourcesConfig.factories().keySet().toString());
    }

    @Test
    void buildsSourcesFromTheFeedsSection() throws Exception {
        List<Source> sources = load("""
                feeds:
                  - {id: wire, type: rss, url: "https://feeds.example.org/world.xml", interval: 2m}
                  - {id: drop, type: directory, path: "%s", interval: 10s}
                  - {id: demo, type: example, titles: "Sanctions widened | Treaty signed"}
                """.formatted(dir.resolve("inbox")));
        assertEquals(
                List.of("wire", "drop", "demo"),
                sources.stream().map(Source::id).toList());
        assertEquals(Duration.ofMinutes(2), sources.get(0).interval());
        assertEquals(Duration.ofMinutes(5), sources.get(2).interval(), "the default interval");
        assertEquals(2, sources.get(2).poll().size());
    }

    @Test
    void namesTheKeyAtFault() {
        assertEquals(
                "feeds[x].type 'gopher' is unknown; available: [directory, example, json-api, rss]",
                assertThrows(IllegalArgumentException.class, () -> load("feeds: [{id: x, type: gopher}]"))
                        .getMessage());
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> load("feeds: [{id: x, type: rss, interval: soon, url: 'http://a'}]"))
                .getMessage()
                .startsWith("feeds[x].interval"));
        assertEquals(
                "feeds[x].path is required",
                assertThrows(IllegalArgumentException.class, () -> load("feeds: [{id: x, type: rss}]"))
                        .getMessage());
        assertEquals(
                "feeds[x].url must be http or https: ftp://a/b",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> load("feeds: [{id: x, type: rss, url: 'ftp://a/b'}]"))
                        .getMessage());
        assertEquals(
                "feeds[x].id is used twice",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> load(
                                        "feeds: [{id: x, type: example, titles: a}, {id: x, type: example, titles: b}]"))
                        .getMessage());
    }
}
