package io.geoalert.producer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.http.ApiException;
import io.geoalert.model.NewsItem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewsPayloadTest {

    private static List<NewsItem> parse(String body) {
        return NewsPayload.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static final String A = "{\"id\":\"a\",\"source\":\"s\",\"title\":\"A\",\"url\":\"http://x/a\"}";
    private static final String B = "{\"id\":\"b\",\"source\":\"s\",\"title\":\"B\",\"body\":\"text\"}";

    @Test
    void acceptsOneItemAnArrayOrJsonLines() {
        assertEquals(List.of("a"), parse(A).stream().map(NewsItem::id).toList());
        assertEquals(
                List.of("a", "b"),
                parse("[" + A + "," + B + "]").stream().map(NewsItem::id).toList());
        assertEquals(
                List.of("a", "b"),
                parse(A + "\n\n" + B + "\n").stream().map(NewsItem::id).toList());
    }

    @Test
    void acceptsAPrettyPrintedSingleItem() {
        assertEquals(
                "a",
                parse("{\n  \"id\": \"a\",\n  \"source\": \"s\",\n  \"title\": \"A\",\n  \"url\": \"http://x/a\"\n}")
                        .get(0)
                        .id());
    }

    @Test
    void aFieldOverItsLimitIs413NamingTheField() {
        ApiException tooLong = assertThrows(
                ApiException.class,
                () -> parse("{\"id\":\"a\",\"source\":\"s\",\"title\":\"" + "t".repeat(1_001)
                        + "\",\"url\":\"http://x/a\"}"));
        assertEquals(413, tooLong.status());
        assertEquals("title", tooLong.field());
        assertTrue(tooLong.getMessage().contains("at most 1000"), tooLong.getMessage());
    }

    @Test
    void namesTheItemAndFieldAtFault() {
        ApiException inArray = assertThrows(
                ApiException.class, () -> parse("[" + A + ",{\"id\":\"c\",\"title\":\"C\",\"url\":\"http://x\"}]"));
        assertEquals(400, inArray.status());
        assertEquals("source", inArray.field());
        assertTrue(inArray.getMessage().startsWith("item 1:"), inArray.getMessage());

        ApiException inLines = assertThrows(
                ApiException.class, () -> parse(A + "\n{\"id\":\"c\",\"source\":\"s\",\"url\":\"http://x\"}"));
        assertEquals("title", inLines.field());
        assertTrue(inLines.getMessage().startsWith("line 2:"), inLines.getMessage());
    }

    @Test
    void aBadJsonLineIsNamedByItsLineInTheBodyBlankLinesCounted() {
        ApiException refused = assertThrows(
                ApiException.class, () -> parse(A + "\r\n\r\n" + B + "\r\n{\"id\":\"c\",\"source\":\"s\"}\r\n"));
        assertEquals("title", refused.field());
        assertTrue(refused.getMessage().startsWith("line 4:"), refused.getMessage());
    }

    @Test
    void refusesMalformedOrEmptyBodies() {
        assertTrue(assertThrows(ApiException.class, () -> parse("{\"id\":"))
                .getMessage()
                .contains("malformed JSON"));
        assertTrue(assertThrows(ApiException.class, () -> parse("   "))
                .getMessage()
                .contains("empty body"));
        assertTrue(
                assertThrows(ApiException.class, () -> parse("[]")).getMessage().contains("empty array"));
        assertTrue(assertThrows(ApiException.class, () -> parse("[" + A + "] {}"))
                .getMessage()
                .contains("after the array"));
        assertTrue(assertThrows(ApiException.class, () -> parse("[" + A + "] trailing"))
                .getMessage()
                .contains("malformed JSON"));
    }

    @Test
    void refusesInvalidUtf8InsteadOfReplacingIt() {
        byte[] latin1 = "{\"id\":\"a\",\"source\":\"s\",\"title\":\"Caf\u00e9\",\"url\":\"http://x/a\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        ApiException refused = assertThrows(ApiException.class, () -> NewsPayload.parse(latin1));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("not valid UTF-8"), refused.getMessage());
        byte[] truncated = java.util.Arrays.copyOf("\"\u00e9".getBytes(StandardCharsets.UTF_8), 2);
        assertTrue(assertThrows(ApiException.class, () -> NewsPayload.parse(truncated))
                .getMessage()
                .contains("UTF-8"));
    }

    @Test
    void refusesNestingDeeperThanTheLimitAs400() {
        int depth = 200_000;
        String arrays = "[".repeat(depth) + "]".repeat(depth);
        String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        String inField = "{\"id\":\"a\",\"source\":\"s\",\"title\":\"A\",\"extra\":" + arrays + "}";
        for (String body : List.of(arrays, objects, inField)) {
            ApiException refused = assertThrows(ApiException.class, () -> parse(body));
            assertEquals(400, refused.status());
            assertTrue(refused.getMessage().contains("nesting depth"), refused.getMessage());
        }
    }

    @Test
    void namesAFieldOfTheWrongType() {
        ApiException refused = assertThrows(
                ApiException.class, () -> parse("{\"id\":\"a\",\"source\":\"s\",\"title\":\"A\",\"tags\":{\"x\":1}}"));
        assertEquals(400, refused.status());
        assertEquals("tags", refused.field());
    }
}
