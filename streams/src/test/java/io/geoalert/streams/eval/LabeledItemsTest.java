package io.geoalert.streams.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.NewsItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabeledItemsTest {

    private static final NewsItem STORED = new NewsItem(
            "wire.sgm#7", "wire", "Border treaty signed", null, "Two states sign.", null, null, "en", null, null, null);

    private static final LabeledItems.References NO_REFERENCES = ref -> {
        throw new IOException("no references here: " + ref);
    };

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("labeled.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsNewsItemLinesWithTheirExpectedCategories() throws IOException {
        Path file = file(
                "{\"id\":\"n1\",\"source\":\"desk\",\"title\":\"UN reimposes sanctions\",\"body\":\"On Iran.\","
                        + "\"url\":\"https://example.org/n1\",\"expect\":[\"sanctions\",\"snapback\"]}",
                "",
                "{\"id\":\"n2\",\"source\":\"desk\",\"title\":\"Weather\",\"body\":\"Fine.\",\"expect\":[]}");
        List<LabeledItem> items = LabeledItems.read(file, NO_REFERENCES);
        assertEquals(2, items.size(), "the blank line is no item");
        NewsItem first = items.get(0).item();
        assertEquals("n1", first.id());
        assertEquals("desk", first.source());
        assertEquals("UN reimposes sanctions", first.title());
        assertEquals("On Iran.", first.body());
        assertEquals("https://example.org/n1", first.url());
        assertEquals(Set.of("sanctions", "snapback"), items.get(0).expected());
        assertEquals("n2", items.get(1).item().id());
        assertEquals(Set.of(), items.get(1).expected(), "an empty list: in no category");
    }

    @Test
    void resolvesReferenceLinesThroughTheReferences() throws IOException {
        Path file = file(
                "{\"ref\":\"wire.sgm#7\",\"expect\":[\"treaty\"],\"doubt\":true}",
                "{\"id\":\"n1\",\"source\":\"desk\",\"title\":\"Weather\",\"body\":\"Fine.\",\"expect\":[]}");
        List<String> asked = new ArrayList<>();
        Map<String, NewsItem> stored = Map.of("wire.sgm#7", STORED);
        List<LabeledItem> items = LabeledItems.read(file, ref -> {
            asked.add(ref);
            return stored.get(ref);
        });
        assertEquals(List.of("wire.sgm#7"), asked, "only the ref line asks");
        assertSame(STORED, items.get(0).item());
        assertEquals(Set.of("treaty"), items.get(0).expected());
        assertEquals("n1", items.get(1).item().id());
    }

    private IOException refused(LabeledItems.References references, String... lines) throws IOException {
        Path file = file(lines);
        return assertThrows(IOException.class, () -> LabeledItems.read(file, references));
    }

    private static final String GOOD =
            "{\"id\":\"n1\",\"source\":\"desk\",\"title\":\"Weather\",\"body\":\"Fine.\",\"expect\":[]}";

    private void assertNames(IOException e, int line, String... parts) {
        String message = e.getMessage();
        assertTrue(message.startsWith(dir.resolve("labeled.jsonl") + " line " + line + ": "), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void refusesMalformedJsonNamingFileAndLine() throws IOException {
        IOException e = refused(NO_REFERENCES, GOOD, "", "{\"id\":\"n2\",\"expect\":[]");
        assertNames(e, 3, "malformed JSON");
    }

    @Test
    void refusesALineWithoutExpect() throws IOException {
        IOException e =
                refused(NO_REFERENCES, GOOD, "{\"id\":\"n2\",\"source\":\"desk\",\"title\":\"T\",\"body\":\"b\"}");
        assertNames(e, 2, "'expect' must be a list of categories");
    }

    @Test
    void refusesAnExpectThatIsNoList() throws IOException {
        IOException e = refused(
                NO_REFERENCES,
                "{\"id\":\"n1\",\"source\":\"desk\",\"title\":\"T\",\"body\":\"b\",\"expect\":\"treaty\"}");
        assertNames(e, 1, "'expect' must be a list of categories");
    }

    @Test
    void refusesACategoryThatIsNoName() throws IOException {
        assertNames(
                refused(NO_REFERENCES, GOOD, "{\"ref\":\"wire.sgm#7\",\"expect\":[\"treaty\",3]}"),
                2,
                "'expect' holds 3, not a category name");
        assertNames(
                refused(NO_REFERENCES, "{\"ref\":\"wire.sgm#7\",\"expect\":[\" \"]}"),
                1,
                "'expect' holds \" \", not a category name");
        assertNames(
                refused(NO_REFERENCES, "{\"ref\":\"wire.sgm#7\",\"expect\":[null]}"),
                1,
                "'expect' holds null, not a category name");
    }

    @Test
    void refusesAnInvalidNewsItemNamingTheField() throws IOException {
        assertNames(
                refused(NO_REFERENCES, GOOD, "{\"id\":\"n2\",\"source\":\"desk\",\"body\":\"b\",\"expect\":[]}"),
                2,
                "'title' is required");
        assertNames(
                refused(
                        NO_REFERENCES,
                        "{\"id\":\"n2\",\"source\":\"desk\",\"title\":\"T\",\"body\":\"b\","
                                + "\"publishedAt\":\"last tuesday\",\"expect\":[]}"),
                1,
                "'publishedAt'");
    }

    @Test
    void refusesAReferenceThatCannotBeResolvedSayingWhy() throws IOException {
        IOException e = refused(
                ref -> {
                    throw new IOException("corpus reference '" + ref + "': no item at position 99 in wire.sgm");
                },
                GOOD,
                "{\"ref\":\"wire.sgm#99\",\"expect\":[\"treaty\"]}");
        assertNames(e, 2, "corpus reference 'wire.sgm#99': no item at position 99 in wire.sgm");
        assertNames(refused(NO_REFERENCES, "{\"ref\":7,\"expect\":[]}"), 1, "'ref' must be a string");
    }
}
