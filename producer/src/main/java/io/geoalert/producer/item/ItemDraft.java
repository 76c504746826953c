package io.geoalert.producer.item;

import java.time.Instant;
import java.util.List;

/**
 * A news item as a parser found it, before geoalert's rules are applied: fields raw, possibly
 * HTML, possibly missing. {@link NewsItemBuilder} turns it into a NewsItem; text fields are read
 * as HTML fragments whether or not they are marked up, as feed readers do.
 *
 * @param source the feed's name in geoalert
 * @param key what identifies the item in its source (an RSS guid, a JSON Feed id, an API key),
 *        already namespaced as the source type requires; null or blank when there is none
 * @param title the title, HTML or plain text; may be blank
 * @param link the item's absolute URL, not yet canonical; null when there is none
 * @param body the body, HTML or plain text; may be blank
 * @param published when it was published; may be null
 * @param language the language tag; may be null
 * @param authors author names, HTML or plain text
 * @param tags categories, HTML or plain text
 */
public record ItemDraft(
        String source,
        String key,
        String title,
        String link,
        String body,
        Instant published,
        String language,
        List<String> authors,
        List<String> tags) {

    public ItemDraft {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("ItemDraft.source must not be blank");
        }
        authors = authors == null ? List.of() : List.copyOf(authors);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
