package io.geoalert.model;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One news item as it travels on {@code news.raw}. Fields this version does not know are
 * kept in {@link #extra()} and written back unchanged, so newer producers lose nothing.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record NewsItem(
        String id,
        String source,
        String title,
        String url,
        String body,
        Instant publishedAt,
        Instant fetchedAt,
        String language,
        List<String> authors,
        List<String> tags,
        @JsonAnySetter Map<String, Object> extra) {

    public NewsItem {
        authors = authors == null ? List.of() : List.copyOf(authors);
        tags = tags == null ? List.of() : List.copyOf(tags);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    @Override
    @JsonAnyGetter
    public Map<String, Object> extra() {
        return extra;
    }

    /** The same item with another id. */
    public NewsItem withId(String newId) {
        return new NewsItem(newId, source, title, url, body, publishedAt, fetchedAt, language, authors, tags, extra);
    }

    /** The same item stamped with the time it was fetched, unless it already has one. */
    public NewsItem withFetchedAtIfAbsent(Instant now) {
        return fetchedAt != null
                ? this
                : new NewsItem(id, source, title, url, body, publishedAt, now, language, authors, tags, extra);
    }

    /**
     * Checks the fields DESIGN.md requires: {@code id}, {@code source}, {@code title}, and
     * {@code url} or {@code body}, and the size of every field against the {@link NewsLimits} in force.
     *
     * @throws InvalidNewsItemException naming the first field at fault
     */
    public NewsItem requireValid() {
        return requireValid(NewsLimits.inForce());
    }

    /** As {@link #requireValid()}, against the given limits. */
    public NewsItem requireValid(NewsLimits limits) {
        if (isBlank(id) && isBlank(url)) {
            throw new InvalidNewsItemException("id", "'id' is required (or a 'url' to derive it from)");
        }
        requireText("id", id);
        requireText("source", source);
        requireText("title", title);
        if (isBlank(url) && isBlank(body)) {
            throw new InvalidNewsItemException("url", "either 'url' or 'body' is required");
        }
        limits.check(this);
        return this;
    }

    private static void requireText(String field, String value) {
        if (isBlank(value)) {
            throw new InvalidNewsItemException(field, "'" + field + "' is required");
        }
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
