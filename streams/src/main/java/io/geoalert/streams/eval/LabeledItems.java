package io.geoalert.streams.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.InvalidNewsItemException;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsItemReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads labeled JSON lines: each line is a news item with {@code expect} (the categories it
 * belongs to, as in {@code labeled-dev.jsonl}), or a reference to an item kept elsewhere,
 * {@code {"ref": "file#position", "expect": [...]}}, which a {@link References} resolves. Errors
 * name the file, the line and the field.
 */
public final class LabeledItems {

    /** Finds the item a reference names (for instance in a corpus folder). */
    @FunctionalInterface
    public interface References {
        NewsItem item(String ref) throws IOException;
    }

    private LabeledItems() {}

    public static List<LabeledItem> read(Path file, References references) throws IOException {
        List<LabeledItem> items = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String where = file + " line " + number;
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IOException(where + ": malformed JSON: " + e.getOriginalMessage(), e);
            }
            JsonNode expect = node.get("expect");
            if (expect == null || !expect.isArray()) {
                throw new IOException(where + ": 'expect' must be a list of categories (empty for none)");
            }
            Set<String> expected = new LinkedHashSet<>();
            for (JsonNode category : expect) {
                if (!category.isTextual() || category.asText().isBlank()) {
                    throw new IOException(where + ": 'expect' holds " + category + ", not a category name");
                }
                expected.add(category.asText());
            }
            items.add(new LabeledItem(item(node, where, references), expected));
        }
        return items;
    }

    private static NewsItem item(JsonNode node, String where, References references) throws IOException {
        JsonNode ref = node.get("ref");
        if (ref != null) {
            if (!ref.isTextual()) {
                throw new IOException(where + ": 'ref' must be a string, file#position");
            }
            try {
                return references.item(ref.asText());
            } catch (IOException e) {
                throw new IOException(where + ": " + e.getMessage(), e);
            }
        }
        try {
            return NewsItemReader.fromTree(node);
        } catch (InvalidNewsItemException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }
}
