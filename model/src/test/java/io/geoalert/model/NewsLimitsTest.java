package io.geoalert.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewsLimitsTest {

    private static byte[] item(String extraFields) {
        return ("{\"id\":\"a1\",\"source\":\"wire\",\"title\":\"Sanctions\",\"url\":\"https://example.org/a\""
                        + extraFields + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesABodyOverTheLimitNamingTheField() {
        String body = "sanctions ".repeat(NewsLimits.DEFAULTS.maxBodyChars() / 10 + 1);
        InvalidNewsItemException e = assertThrows(
                InvalidNewsItemException.class, () -> NewsItemReader.read(item(",\"body\":\"" + body + "\"")));
        assertEquals("body", e.field());
        assertTrue(e.tooLarge());
        assertTrue(e.getMessage().contains("at most 500000"), e.getMessage());
    }

    @Test
    void refusesTooManyTagsAndOverlongAuthors() {
        String tags = String.join(",", Collections.nCopies(101, "\"t\""));
        InvalidNewsItemException tooMany = assertThrows(
                InvalidNewsItemException.class, () -> NewsItemReader.read(item(",\"tags\":[" + tags + "]")));
        assertEquals("tags", tooMany.field());
        InvalidNewsItemException longAuthor = assertThrows(
                InvalidNewsItemException.class,
                () -> NewsItemReader.read(item(",\"authors\":[\"ok\",\"" + "x".repeat(201) + "\"]")));
        assertEquals("authors[1]", longAuthor.field());
    }

    @Test
    void refusesAnOverlongTitleAndUrl() {
        String title = "t".repeat(1_001);
        assertEquals(
                "title",
                assertThrows(
                                InvalidNewsItemException.class,
                                () -> NewsItemReader.read(
                                        ("{\"id\":\"a\",\"source\":\"s\",\"title\":\"" + title + "\",\"body\":\"b\"}")
                                                .getBytes(StandardCharsets.UTF_8)))
                        .field());
        String url = "https://example.org/" + "p".repeat(4_100);
        assertEquals(
                "url",
                assertThrows(
                                InvalidNewsItemException.class,
                                () -> NewsItemReader.read(("{\"source\":\"s\",\"title\":\"t\",\"url\":\"" + url + "\"}")
                                        .getBytes(StandardCharsets.UTF_8)))
                        .field());
    }

    @Test
    void acceptsAnItemAtTheLimits() {
        NewsLimits limits = NewsLimits.DEFAULTS;
        NewsItem item = new NewsItem(
                "a",
                "s",
                "t".repeat(limits.maxTitleChars()),
                null,
                "b".repeat(limits.maxBodyChars()),
                null,
                null,
                null,
                Collections.nCopies(limits.maxAuthors(), "a"),
                null,
                null);
        assertEquals(item, item.requireValid(limits));
    }

    @Test
    void configuredLimitsApplyAndUnknownNamesAreRefused() {
        NewsLimits tight = NewsLimits.DEFAULTS.with(Map.of("maxBodyChars", 10));
        assertEquals(10, tight.maxBodyChars());
        NewsItem item = new NewsItem("a", "s", "t", null, "b".repeat(11), null, null, null, null, null, null);
        assertEquals(
                "body",
                assertThrows(InvalidNewsItemException.class, () -> item.requireValid(tight))
                        .field());
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class, () -> NewsLimits.DEFAULTS.with(Map.of("maxBodyBytes", 10)));
        assertTrue(unknown.getMessage().startsWith("limits.maxBodyBytes"), unknown.getMessage());
        IllegalArgumentException zero =
                assertThrows(IllegalArgumentException.class, () -> NewsLimits.DEFAULTS.with(Map.of("maxTags", 0)));
        assertTrue(zero.getMessage().contains("limits.maxTags"), zero.getMessage());
    }

    @Test
    void aMissingFieldIsNotReportedAsTooLarge() {
        InvalidNewsItemException e = assertThrows(
                InvalidNewsItemException.class,
                () -> NewsItemReader.read(
                        "{\"id\":\"a\",\"title\":\"t\",\"body\":\"b\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("source", e.field());
        assertFalse(e.tooLarge());
    }

    @Test
    void fitCutsTitleBodyAndListsSoTheItemPassesTheCheck() {
        NewsLimits limits = NewsLimits.DEFAULTS.with(Map.of("maxTitleChars", 20, "maxBodyChars", 100, "maxTags", 2));
        NewsItem item = new NewsItem(
                "a",
                "s",
                "A very long headline about sanctions on Iran",
                null,
                "word ".repeat(100),
                null,
                null,
                null,
                null,
                java.util.List.of("a", "b", "c"),
                null);
        NewsItem fitted = limits.fit(item);
        fitted.requireValid(limits);
        assertTrue(fitted.title().endsWith("…") && fitted.title().length() <= 20, fitted.title());
        assertTrue(fitted.title().startsWith("A very long"), fitted.title());
        assertTrue(fitted.body().length() <= 100);
        assertEquals(java.util.List.of("a", "b"), fitted.tags());
        NewsItem small = new NewsItem("a", "s", "t", null, "b", null, null, null, null, null, null);
        org.junit.jupiter.api.Assertions.assertSame(small, limits.fit(small), "an item that fits is returned as it is");
    }
}
