package io.geoalert.producer.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.http.ApiException;
import io.geoalert.http.Utf8;
import io.geoalert.model.InvalidNewsItemException;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsItemReader;
import io.geoalert.producer.item.JsonLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A pushed request body: one NewsItem, a JSON array of them, or JSON lines. All items are
 * checked before any is published, so a request is accepted or refused as a whole.
 */
public final class NewsPayload {

    private NewsPayload() {}

    /**
     * Parses every item of the body.
     *
     * @throws ApiException 400, naming the item and the field at fault; also for invalid UTF-8
     *         and for JSON nested deeper than Jackson's limit (1,000 levels)
     */
    public static List<NewsItem> parse(byte[] body) {
        String text = Utf8.decode(body, "request body").strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest(null, "empty body: send a NewsItem, a JSON array or JSON lines");
        }
        if (text.startsWith("[")) {
            return parseArray(text);
        }
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        if (lines.size() > 1
                && lines.stream()
                        .allMatch(l -> l.strip().startsWith("{") && l.strip().endsWith("}"))) {
            return parseLines(body);
        }
        return List.of(readOne(text.getBytes(StandardCharsets.UTF_8), null));
    }

    private static List<NewsItem> parseArray(String text) {
        JsonNode array;
        try (JsonParser parser = Json.MAPPER.createParser(text)) {
            array = Json.MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw ApiException.badRequest(null, "malformed JSON: unexpected content after the array");
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw ApiException.badRequest(
                    null,
                    "malformed JSON"
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                            + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest(null, "unreadable body: " + e.getMessage());
        }
        List<NewsItem> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                items.add(NewsItemReader.fromTree(array.get(i)));
            } catch (InvalidNewsItemException e) {
                throw refusal(e, "item " + i);
            }
        }
        if (items.isEmpty()) {
            throw ApiException.badRequest(null, "empty array: nothing to ingest");
        }
        return items;
    }

    private static List<NewsItem> parseLines(byte[] body) {
        List<NewsItem> items = new ArrayList<>();
        for (JsonLines.Line line : JsonLines.readAll(body)) {
            if (line instanceof JsonLines.Refusal refusal) {
                throw refusal(refusal.reason(), "line " + refusal.number());
            }
            if (line instanceof JsonLines.Item item) {
                items.add(item.item());
            }
        }
        return items;
    }

    private static NewsItem readOne(byte[] json, String where) {
        try {
            return NewsItemReader.read(json);
        } catch (InvalidNewsItemException e) {
            throw refusal(e, where);
        }
    }

    private static ApiException refusal(InvalidNewsItemException e, String where) {
        String message = where == null ? e.getMessage() : where + ": " + e.getMessage();
        return e.tooLarge() ? new ApiException(413, e.field(), message) : ApiException.badRequest(e.field(), message);
    }
}
