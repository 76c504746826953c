package io.geoalert.producer.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.ItemIds;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.producer.item.NewsItemBuilder;
import io.geoalert.testing.RequiresSharedData;
import io.geoalert.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every feed file of the third-party corpora in ../shared, read in place. */
class FeedCorpusTest {

    private static final List<String> FEED_CORPORA = List.of(
            "feedparser-tests",
            "feedvalidator-testcases",
            "rome-testfeeds",
            "feed-rs-fixtures",
            "gofeed-issue-cases",
            "laminas-feed-fixtures",
            "news-feed-snapshots");

    static List<Path> feedFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String corpus : FEED_CORPORA) {
            try (Stream<Path> walk = Files.walk(SharedData.path("corpora/" + corpus))) {
                walk.filter(Files::isRegularFile)
                        .filter(FeedCorpusTest::isFeed)
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files;
    }

    private static boolean isFeed(Path p) {
        String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String path = p.toString().replace('\\', '/');
        boolean golden = name.endsWith(".serde.json")
                || path.contains("/rss-parser/output/")
                || (path.contains("gofeed-issue-cases") && name.endsWith(".json"));
        return !golden
                && (name.endsWith(".xml")
                        || name.endsWith(".rss")
                        || name.endsWith(".atom")
                        || name.endsWith(".rdf")
                        || name.endsWith(".json"));
    }

    @Test
    @RequiresSharedData("corpora")
    void parsesEveryCorpusFeedWithoutCrashOrHang() throws Exception {
        List<Path> files = feedFiles();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corpus-parse");
            t.setDaemon(true);
            return t;
        });
        int parsed = 0;
        int items = 0;
        long slowest = 0;
        Path slowestFile = null;
        Map<String, Integer> failures = new TreeMap<>();
        List<String> crashes = new ArrayList<>();
        try {
            for (Path file : files) {
                byte[] content = Files.readAllBytes(file);
                long started = System.nanoTime();
                Future<FeedParser.ParsedFeed> result = executor.submit(() -> FeedParser.parse(content, "corpus", null));
                try {
                    FeedParser.ParsedFeed feed = result.get(10, TimeUnit.SECONDS); // a hang detector, not a speed test
                    parsed++;
                    items += feed.items().size();
                    feed.items().forEach(NewsItem::requireValid);
                } catch (TimeoutException e) {
                    result.cancel(true);
                    crashes.add(file + ": hung for 10 s");
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof FeedParseException failure) {
                        failures.merge(failure.getMessage().replaceAll(":.*", ""), 1, Integer::sum);
                    } else {
                        crashes.add(file + ": " + e.getCause());
                    }
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (millis > slowest) {
                    slowest = millis;
                    slowestFile = file;
                }
            }
        } finally {
            executor.shutdownNow();
        }
        System.out.printf(
                "[corpus] %d feed files, %d parsed, %d items, failures by kind %s, slowest %d ms (%s)%n",
                files.size(), parsed, items, failures, slowest, slowestFile);
        assertEquals(List.of(), crashes, "no crash and no hang");
        assertTrue(files.size() > 1500, "the corpora hold the expected feed files: " + files.size());
    }

    @Test
    @RequiresSharedData("corpora/feed-rs-fixtures")
    void realWorldFeedsYieldTheTitlesAndLinksTheGoldenFilesExpect() throws Exception {
        int entries = 0;
        int titles = 0;
        int links = 0;
        List<String> misses = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SharedData.path("corpora/feed-rs-fixtures/fixture"))) {
            for (Path golden : walk.filter(p -> p.toString().endsWith(".serde.json"))
                    .sorted()
                    .toList()) {
                Path feedFile = Path.of(golden.toString().replace(".serde.json", ".xml"));
                if (!Files.exists(feedFile)) {
                    feedFile = Path.of(golden.toString().replace(".serde.json", ".json"));
                }
                if (!Files.exists(feedFile)) {
                    continue;
                }
                JsonNode expected = Json.MAPPER.readTree(Files.readAllBytes(golden));
                List<NewsItem> actual;
                try {
                    actual = FeedParser.parse(Files.readAllBytes(feedFile), "golden", null)
                            .items();
                } catch (FeedParseException e) {
                    misses.add(feedFile.getFileName() + ": " + e.getMessage());
                    entries += expected.path("entries").size();
                    continue;
                }
                for (JsonNode entry : expected.path("entries")) {
                    String title = NewsItemBuilder.text(
                            entry.path("title").path("content").asText(""));
                    String link = entry.path("links").path(0).path("href").asText("");
                    if (title.isEmpty()) {
                        continue; // our items always have a title; theirs may not
                    }
                    entries++;
                    boolean titleFound = actual.stream().anyMatch(i -> i.title().equals(title));
                    boolean linkFound = link.isEmpty()
                            || actual.stream()
                                    .anyMatch(i -> i.url() != null && i.url().equals(ItemIds.canonicalUrl(link)));
                    titles += titleFound ? 1 : 0;
                    links += linkFound ? 1 : 0;
                    if (!titleFound && misses.size() < 10) {
                        misses.add(feedFile.getFileName() + ": title '" + title + "' not found");
                    }
                }
            }
        }
        double titleShare = titles / (double) entries;
        double linkShare = links / (double) entries;
        System.out.printf(
                "[golden] feed-rs: %d entries with titles; titles matched %.3f, links matched %.3f; e.g. %s%n",
                entries, titleShare, linkShare, misses);
        assertTrue(entries > 50, "golden entries compared: " + entries);
        assertTrue(titleShare >= 0.95, "title share " + titleShare);
        assertTrue(linkShare >= 0.95, "link share " + linkShare);
    }

    @Test
    @RequiresSharedData({
        "corpora/laminas-feed-fixtures/_files/Reader/xxe-atom10.xml",
        "corpora/laminas-feed-fixtures/_files/Reader/xxe-info.txt"
    })
    void externalEntitiesDiscloseNothing() throws Exception {
        Path info = SharedData.path("corpora/laminas-feed-fixtures/_files/Reader/xxe-info.txt");
        assertTrue(Files.readString(info).contains("xxe-information-disclosed"), "the fixture holds the secret");
        String xml = Files.readString(SharedData.path("corpora/laminas-feed-fixtures/_files/Reader/xxe-atom10.xml"))
                .replace("XXE_URI", info.toUri().toString());
        String seen;
        try {
            FeedParser.ParsedFeed feed = FeedParser.parse(xml.getBytes(StandardCharsets.UTF_8), "xxe", null);
            seen = feed.title() + " " + feed.items();
        } catch (FeedParseException e) {
            seen = e.getMessage();
        }
        assertFalse(seen.contains("xxe-information-disclosed"), seen);

        for (String name : List.of("system_entity.xml", "system_entity_http.xml")) {
            Path file = SharedData.path("corpora/feedvalidator-testcases/testcases/rss/should/" + name);
            if (Files.exists(file)) {
                try {
                    FeedParser.ParsedFeed feed = FeedParser.parse(Files.readAllBytes(file), "xxe", null);
                    assertFalse((feed.title() + feed.items()).contains("root:"), name);
                } catch (FeedParseException expected) {
                    // refusing it is fine too
                }
            }
        }
    }

    private static final java.util.regex.Pattern SIMPLE_EXPECT = java.util.regex.Pattern.compile(
            "Expect:\\s+not bozo and (entries\\[0\\]\\['(title|link)'\\]|feed\\['(title)'\\]) == u?'((?:[^'\\\\]|\\\\.)*)'\\s*$",
            java.util.regex.Pattern.MULTILINE);

    @Test
    @RequiresSharedData("corpora/feedparser-tests/tests/wellformed")
    void meetsTheFeedparserExpectationsThatNameATitleOrLink() throws Exception {
        int checked = 0;
        int met = 0;
        List<String> unmet = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SharedData.path("corpora/feedparser-tests/tests/wellformed"))) {
            for (Path file :
                    walk.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                java.util.regex.Matcher expect = SIMPLE_EXPECT.matcher(text);
                if (!expect.find()) {
                    continue;
                }
                boolean entry = expect.group(1).startsWith("entries");
                String field = entry ? expect.group(2) : expect.group(3);
                String expected = unescape(expect.group(4));
                checked++;
                String actual;
                try {
                    FeedParser.ParsedFeed feed =
                            FeedParser.parse(Files.readAllBytes(file), "fp", "http://example.com/");
                    actual = !entry
                            ? feed.title()
                            : feed.items().isEmpty()
                                    ? null
                                    : "title".equals(field)
                                            ? feed.items().get(0).title()
                                            : feed.items().get(0).url();
                } catch (FeedParseException e) {
                    actual = "error: " + e.getMessage();
                }
                String wanted = "link".equals(field) ? ItemIds.canonicalUrl(expected) : NewsItemBuilder.text(expected);
                if (wanted.equals(actual)) {
                    met++;
                } else if (unmet.size() < 30) {
                    unmet.add(file.getFileName() + ": wanted '" + wanted + "', got '" + actual + "'");
                }
            }
        }
        double share = met / (double) checked;
        System.out.printf(
                "[feedparser] %d files state a title or link; %d met (%.3f); e.g. %s%n", checked, met, share, unmet);
        assertTrue(checked > 50, "expectations checked: " + checked);
        assertTrue(share >= 0.70, "share met " + share);
    }

    /** Python string escapes as the feedparser headers write them. */
    private static String unescape(String python) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c != '\\' || i + 1 == python.length()) {
                out.append(c);
                continue;
            }
            char n = python.charAt(++i);
            switch (n) {
                case 'u' -> {
                    out.append((char) Integer.parseInt(python.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'x' -> {
                    out.append((char) Integer.parseInt(python.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                default -> out.append(n);
            }
        }
        return out.toString();
    }
}
