package io.geoalert.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads one NewsItem from JSON and checks it, turning Jackson's errors into a short
 * message that names the field at fault.
 */
public final class NewsItemReader {

    private static final ObjectReader ITEMS = Json.MAPPER.readerFor(NewsItem.class);

    private NewsItemReader() {}

    /** Reads and validates; an item without an id gets one derived from its canonical URL. */
    public static NewsItem read(byte[] json) {
        if (json == null || json.length == 0) {
            throw new InvalidNewsItemException(null, "empty record");
        }
        NewsItem item;
        try {
            // straight to the record, in one pass over the bytes
            item = ITEMS.readValue(json);
        } catch (IOException | RuntimeException e) {
            item = null;
        }
        if (item != null) {
            return withIdAndValid(item);
        }
        // unreadable as an item: read again as a tree, which says why and names the field at fault
        try {
            return fromTree(Json.MAPPER.readTree(json));
        } catch (InvalidNewsItemException e) {
            throw e;
        } catch (IOException e) {
            throw describe(e);
        }
    }

    /** Reads and validates one already-parsed JSON value. */
    public static NewsItem fromTree(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidNewsItemException(
                    null,
                    "expected a JSON object, found "
                            + (node == null
                                    ? "nothing"
                                    : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        NewsItem item;
        try {
            item = Json.MAPPER.treeToValue(node, NewsItem.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw describe(e);
        }
        return withIdAndValid(item);
    }

    private static NewsItem withIdAndValid(NewsItem item) {
        if (NewsItem.isBlank(item.id()) && !NewsItem.isBlank(item.url())) {
            item = item.withId(ItemIds.fromUrl(item.url()));
        }
        return item.requireValid();
    }

    private static InvalidNewsItemException describe(Exception e) {
        if (e instanceof DatabindException mapping
                && mapping instanceof JsonMappingException jme
                && !jme.getPath().isEmpty()) {
            String field = jme.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return new InvalidNewsItemException(
                    field,
                    "field '" + field + "' has the wrong type or format: " + firstLine(jme.getOriginalMessage()),
                    e);
        }
        if (e instanceof JsonProcessingException jpe) {
            JsonLocation at = jpe.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new InvalidNewsItemException(
                    null, "malformed JSON" + where + ": " + firstLine(jpe.getOriginalMessage()), e);
        }
        return new InvalidNewsItemException(null, "unreadable record: " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
