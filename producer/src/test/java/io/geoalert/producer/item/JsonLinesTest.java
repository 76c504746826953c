package io.geoalert.producer.item;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

    private static final String A = "{\"id\":\"a\",\"source\":\"s\",\"title\":\"A\",\"url\":\"http://x/a\"}";
    private static final String B = "{\"id\":\"b\",\"source\":\"s\",\"title\":\"Caf\u00e9\",\"body\":\"text\"}";

    private static List<JsonLines.Line> read(String text) {
        return JsonLines.readAll(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String id(JsonLines.Line line) {
        return assertInstanceOf(JsonLines.Item.class, line).item().id();
    }

    @Test
    void skipsBlankLinesButCountsThem() {
        List<JsonLines.Line> lines = read("\n" + A + "\n  \t\n\n" + B + "\n\n");
        assertEquals(List.of("a", "b"), lines.stream().map(JsonLinesTest::id).toList());
        assertEquals(List.of(2L, 5L), lines.stream().map(JsonLines.Line::number).toList());
        assertEquals(List.of(), read(""));
    }

    @Test
    void readsCrlfAndLoneCrLineEndings() {
        List<JsonLines.Line> lines = read(A + "\r\n\r\n" + B + "\r" + A + "\r\n");
        assertEquals(
                List.of("a", "b", "a"), lines.stream().map(JsonLinesTest::id).toList());
        assertEquals(
                List.of(1L, 3L, 4L), lines.stream().map(JsonLines.Line::number).toList());
    }

    @Test
    void refusesABadLineInTheMiddleWithItsNumberAndReadsOn() {
        List<JsonLines.Line> lines = read(A + "\n{\"id\":\"c\",\"source\":\"s\"}\n" + B + "\n");
        assertEquals(3, lines.size());
        JsonLines.Refusal refusal = assertInstanceOf(JsonLines.Refusal.class, lines.get(1));
        assertEquals(2, refusal.number());
        assertEquals("title", refusal.reason().field());
        assertArrayEquals("{\"id\":\"c\",\"source\":\"s\"}".getBytes(StandardCharsets.UTF_8), refusal.raw());
        assertFalse(refusal.notUtf8() || refusal.unterminated());
        assertEquals("b", id(lines.get(2)));
    }

    @Test
    void refusesALineOfInvalidUtf8InsteadOfReplacingIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((A + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.write(B.getBytes(StandardCharsets.ISO_8859_1));
        bytes.write(("\n" + A).getBytes(StandardCharsets.UTF_8));
        List<JsonLines.Line> lines = JsonLines.readAll(bytes.toByteArray());
        JsonLines.Refusal refusal = assertInstanceOf(JsonLines.Refusal.class, lines.get(1));
        assertEquals(2, refusal.number());
        assertTrue(refusal.notUtf8());
        assertEquals("the line is not valid UTF-8", refusal.reason().getMessage());
        assertEquals("a", id(lines.get(2)));
    }

    @Test
    void takesALastLineWithoutNewlineAndMarksItWhenItIsBad() {
        List<JsonLines.Line> complete = read(A + "\n" + B);
        assertEquals(List.of("a", "b"), complete.stream().map(JsonLinesTest::id).toList());
        assertEquals(2, complete.get(1).number());

        JsonLines.Refusal cut = assertInstanceOf(
                JsonLines.Refusal.class, read(A + "\n{\"id\":\"b\",\"tit").get(1));
        assertTrue(cut.unterminated());
        assertEquals(2, cut.number());
        assertFalse(assertInstanceOf(JsonLines.Refusal.class, read("{oops}\n").get(0))
                .unterminated());
    }

    @Test
    void aCrlfSplitAcrossTwoReadsEndsOneLine() {
        String head = "{\"id\":\"l\",\"source\":\"s\",\"title\":\"T\",\"body\":\"";
        String first =
                head + "x".repeat(8191 - head.length() - 2) + "\"}"; // its \r is the last byte of the first 8 KiB read
        List<JsonLines.Line> lines = read(first + "\r\n" + A + "\n");
        assertEquals(List.of("l", "a"), lines.stream().map(JsonLinesTest::id).toList());
        assertEquals(List.of(1L, 2L), lines.stream().map(JsonLines.Line::number).toList());
    }

    @Test
    void readsLinesLongerThanItsBuffer() {
        String longItem = "{\"id\":\"l\",\"source\":\"s\",\"title\":\"T\",\"body\":\"" + "x".repeat(50_000) + "\"}";
        assertEquals(
                List.of("a", "l", "a"),
                read(A + "\r" + longItem + "\r\n" + A).stream()
                        .map(JsonLinesTest::id)
                        .toList());
    }
}
