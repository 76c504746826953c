package io.geoalert.producer.item;

import io.geoalert.model.ItemIds;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsLimits;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;

/**
 * The one place where what a feed or API sent becomes a NewsItem: markup to text, a title
 * from the body when there is none, the id, the canonical URL, and the item cut to
 * {@link NewsLimits#inForce() the limits in force} (a long article is still news).
 */
public final class NewsItemBuilder {

    /** A title made from the body is at most this long, plus an ellipsis. */
    static final int TITLE_FROM_BODY = 120;
    /** The cut goes back to a space only when that keeps the title at least this long. */
    private static final int MIN_CUT_AT_SPACE = 40;

    private NewsItemBuilder() {}

    /** The item, or empty when neither title nor body has any text an analyst could read. */
    public static Optional<NewsItem> build(ItemDraft draft) {
        String body = text(draft.body());
        String title = text(draft.title());
        if (title.isEmpty()) {
            title = titleFromBody(body);
        }
        if (title.isEmpty()) {
            return Optional.empty();
        }
        String link = draft.link() == null || draft.link().isBlank() ? null : draft.link();
        if (link == null && body.isEmpty()) {
            body = title; // a headline-only item is still news; NewsItem needs a url or a body
        }
        NewsItem item = new NewsItem(
                id(draft, link, title, body),
                draft.source(),
                title,
                link == null ? null : ItemIds.canonicalUrl(link),
                body.isEmpty() ? null : body,
                draft.published(),
                null,
                draft.language(),
                texts(draft.authors()),
                texts(draft.tags()).stream().distinct().toList(),
                null);
        return Optional.of(NewsLimits.inForce().fit(item));
    }

    /** Plain text of a possibly-HTML fragment: markup dropped, entities decoded, whitespace folded. */
    public static String text(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        String text = html.indexOf('<') >= 0 || html.indexOf('&') >= 0
                ? Jsoup.parse(html).text()
                : html;
        return text.replaceAll("[\\s\\u00A0]+", " ").trim();
    }

    /** The body's start, cut at a word boundary where one is near, for an item that has no title. */
    private static String titleFromBody(String body) {
        if (body.length() <= TITLE_FROM_BODY) {
            return body;
        }
        int space = body.lastIndexOf(' ', TITLE_FROM_BODY);
        return body.substring(0, space > MIN_CUT_AT_SPACE ? space : TITLE_FROM_BODY) + "…";
    }

    /**
     * From the source's key, else the canonical URL, else the text. Seen-marks are keyed by id, so
     * this derivation must not change: a changed id publishes old items again.
     */
    private static String id(ItemDraft draft, String link, String title, String body) {
        if (draft.key() != null && !draft.key().isBlank()) {
            return ItemIds.fromKey(draft.key());
        }
        return link != null
                ? ItemIds.fromUrl(link)
                : ItemIds.fromKey("text:" + draft.source() + ":" + title + ":" + body);
    }

    private static List<String> texts(List<String> values) {
        return values.stream()
                .map(NewsItemBuilder::text)
                .filter(v -> !v.isEmpty())
                .toList();
    }
}
