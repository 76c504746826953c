package io.geoalert.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NewsItemReaderTest {

    private static NewsItem read(String json) {
        return NewsItemReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keepsUnknownFieldsWhenWrittenBack() {
        NewsItem item = read("{\"id\":\"a1\",\"source\":\"wire\",\"title\":\"T\",\"url\":\"https://x.org/a\","
                + "\"publishedAt\":\"2026-09-01T06:00:00Z\",\"sentiment\":{\"score\":0.4},\"region\":\"MENA\"}");
        assertEquals(Instant.parse("2026-09-01T06:00:00Z"), item.publishedAt());
        String written = Json.toString(item);
        NewsItem again = read(written);
        assertEquals("MENA", again.extra().get("region"));
        assertTrue(written.contains("\"sentiment\":{\"score\":0.4}"), written);
    }

    @Test
    void derivesIdFromCanonicalUrlWhenMissing() {
        NewsItem a = read(
                "{\"source\":\"s\",\"title\":\"T\",\"url\":\"HTTPS://News.Example.org/story?utm_source=rss#top\"}");
        NewsItem b = read("{\"source\":\"s2\",\"title\":\"T\",\"url\":\"https://news.example.org/story\"}");
        assertEquals(32, a.id().length());
        assertEquals(a.id(), b.id());
    }

    @Test
    void namesTheMissingRequiredField() {
        assertEquals(
                "source",
                assertThrows(
                                InvalidNewsItemException.class,
                                () -> read("{\"id\":\"1\",\"title\":\"T\",\"url\":\"http://a\"}"))
                        .field());
        assertEquals(
                "title",
                assertThrows(
                                InvalidNewsItemException.class,
                                () -> read("{\"id\":\"1\",\"source\":\"s\",\"url\":\"http://a\"}"))
                        .field());
        assertEquals(
                "url",
                assertThrows(
                                InvalidNewsItemException.class,
                                () -> read("{\"id\":\"1\",\"source\":\"s\",\"title\":\"T\"}"))
                        .field());
        assertEquals(
                "id",
                assertThrows(
                                InvalidNewsItemException.class,
                                () -> read("{\"source\":\"s\",\"title\":\"T\",\"body\":\"b\"}"))
                        .field());
    }

    @Test
    void acceptsBodyInsteadOfUrl() {
        NewsItem item = read("{\"id\":\"1\",\"source\":\"s\",\"title\":\"T\",\"body\":\"text\"}");
        assertNull(item.url());
        assertEquals("text", item.body());
    }

    @Test
    void reportsMalformedJsonWithItsPosition() {
        InvalidNewsItemException e =
                assertThrows(InvalidNewsItemException.class, () -> read("{\"id\": \"1\",\n \"title\": }"));
        assertTrue(e.getMessage().startsWith("malformed JSON at line 2"), e.getMessage());
        assertNull(e.field());
    }

    @Test
    void namesTheFieldWithTheWrongType() {
        InvalidNewsItemException e = assertThrows(
                InvalidNewsItemException.class,
                () -> read(
                        "{\"id\":\"1\",\"source\":\"s\",\"title\":\"T\",\"url\":\"http://a\",\"publishedAt\":\"last tuesday\"}"));
        assertEquals("publishedAt", e.field());
    }

    @Test
    void refusesJsonThatIsNotAnObject() {
        assertTrue(assertThrows(InvalidNewsItemException.class, () -> read("[1,2]"))
                .getMessage()
                .contains("expected a JSON object"));
        assertTrue(assertThrows(InvalidNewsItemException.class, () -> NewsItemReader.read(new byte[0]))
                .getMessage()
                .contains("empty"));
    }
}
