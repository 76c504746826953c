package io.geoalert.producer.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.impl.XmlFixerReader;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.producer.item.ItemDraft;
import io.geoalert.producer.item.NewsItemBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.jdom2.Document;
import org.jdom2.JDOMException;

/**
 * Reads feed documents (RSS 0.9x/1.0/2.0, Atom 0.3/1.0 through Rome; JSON Feed) into drafts that
 * {@link NewsItemBuilder} turns into NewsItems (plain text, canonical URLs, stable ids). Lenient
 * where feed readers are lenient (wrong declared encodings, BOMs, HTML entities, bare ampersands,
 * whitespace before the XML declaration), and safe: see {@link SafeXml}.
 */
public final class FeedParser {

    /** A parsed feed: its title and language, and the items it would publish. */
    public record ParsedFeed(String title, String language, List<NewsItem> items) {}

    private FeedParser() {}

    /**
     * Parses one feed document.
     *
     * @param source the feed's name in geoalert, stored as each item's {@code source}
     * @param location where it was read from, to resolve relative links (may be null)
     */
    public static ParsedFeed parse(byte[] content, String source, String location) throws FeedParseException {
        if (content.length == 0) {
            throw new FeedParseException("the feed is empty");
        }
        int first = firstNonSpace(content);
        if (first >= 0 && (content[first] == '{' || content[first] == '[')) {
            return JsonFeed.parse(content, source);
        }
        SyndFeed feed = readXml(content);
        String base = feed.getLink() != null ? feed.getLink() : location;
        List<NewsItem> items = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            NewsItemBuilder.build(draft(entry, source, base, feed.getLanguage()))
                    .ifPresent(items::add);
        }
        return new ParsedFeed(
                NewsItemBuilder.text(decoded(feed.getTitleEx(), feed.getTitle())), feed.getLanguage(), items);
    }

    private static final org.jdom2.Namespace ATOM = org.jdom2.Namespace.getNamespace("http://www.w3.org/2005/Atom");
    private static final String ATOM_03 = "http://purl.org/atom/ns#";

    private static SyndFeed readXml(byte[] content) throws FeedParseException {
        String xml;
        try (Reader reader = new XmlReader(new ByteArrayInputStream(content), true)) {
            xml = readAll(new XmlFixerReader(reader));
        } catch (IOException e) {
            throw new FeedParseException("the feed's text encoding cannot be read: " + e.getMessage(), e);
        }
        xml = stripBeforeXml(xml);
        Document document = document(xml);
        org.jdom2.Element root = document.getRootElement();
        if ("rss".equals(root.getName()) && root.getChildren().stream().noneMatch(c -> "channel".equals(c.getName()))) {
            return new SyndFeedImpl(); // an empty RSS document: no items, not an error
        }
        String rootNamespace = root.getNamespaceURI();
        if ("feed".equals(root.getName()) && !ATOM.getURI().equals(rootNamespace) && !ATOM_03.equals(rootNamespace)) {
            // Atom without its namespace, or under a pre-standard one: read it as Atom 1.0, as feed readers do
            for (org.jdom2.Element element : root.getDescendants(org.jdom2.filter.Filters.element())) {
                if (element.getNamespaceURI().equals(rootNamespace)) {
                    element.setNamespace(ATOM);
                }
            }
            root.setNamespace(ATOM);
        }
        try {
            return new SyndFeedImpl(new WireFeedInput(false, Locale.ROOT).build(document));
        } catch (FeedException | IllegalArgumentException e) {
            throw new FeedParseException("the document is not an RSS or Atom feed: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            // Rome gave up on data it could not map; for us that is a bad feed, not a bug of ours
            throw new FeedParseException(
                    "the feed could not be read (" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                            + ")",
                    e);
        }
    }

    private static Document document(String xml) throws FeedParseException {
        try {
            return SafeXml.parse(xml);
        } catch (JDOMException | org.jdom2.IllegalNameException first) {
            // the commonest breakages in the wild: a bare '&', and namespace URIs padded with spaces
            String healed = XmlHealer.heal(xml);
            try {
                return SafeXml.parse(healed);
            } catch (JDOMException | IOException | org.jdom2.IllegalNameException e) {
                throw new FeedParseException(
                        "the feed is not well-formed XML: " + firstLine(first.getMessage()), first);
            }
        } catch (IOException e) {
            throw new FeedParseException("the feed cannot be read: " + e.getMessage(), e);
        }
    }

    private static ItemDraft draft(SyndEntry entry, String source, String base, String language) {
        String guid = entry.getUri();
        Date published = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        List<String> authors = new ArrayList<>();
        for (SyndPerson person : entry.getAuthors()) {
            if (person.getName() != null && !person.getName().isBlank()) {
                authors.add(person.getName());
            }
        }
        if (authors.isEmpty() && entry.getAuthor() != null) {
            authors.add(entry.getAuthor());
        }
        List<String> tags = new ArrayList<>();
        for (SyndCategory category : entry.getCategories()) {
            if (category.getName() != null) {
                tags.add(category.getName());
            }
        }
        return new ItemDraft(
                source,
                guid != null && !guid.isBlank() ? "guid:" + guid.trim() : null,
                decodedTitle(entry),
                resolve(base, entry.getLink() != null ? entry.getLink() : firstLink(entry)),
                bodyHtml(entry),
                published == null ? null : published.toInstant(),
                language,
                authors,
                tags);
    }

    private static String decodedTitle(SyndEntry entry) {
        String title = decoded(entry.getTitleEx(), entry.getTitle());
        if (title == null || title.isBlank()) {
            // some feeds title their items only with Dublin Core
            var dc = entry.getModule(com.rometools.rome.feed.module.DCModule.URI);
            if (dc instanceof com.rometools.rome.feed.module.DCModule module && module.getTitle() != null) {
                return module.getTitle();
            }
        }
        return title;
    }

    /** A title, decoded when the feed sent it base64-encoded (Atom's binary content types). */
    private static String decoded(SyndContent title, String plain) {
        if (title == null || title.getValue() == null) {
            return plain;
        }
        String type = title.getType() == null ? "" : title.getType().toLowerCase(Locale.ROOT);
        boolean textual = type.isEmpty()
                || type.equals("text")
                || type.equals("html")
                || type.equals("xhtml")
                || type.startsWith("text/")
                || type.endsWith("+xml")
                || type.endsWith("/xml");
        if (textual) {
            return title.getValue();
        }
        try {
            return new String(
                    java.util.Base64.getMimeDecoder().decode(title.getValue().trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return title.getValue();
        }
    }

    private static String bodyHtml(SyndEntry entry) {
        StringBuilder html = new StringBuilder();
        if (entry.getDescription() != null && entry.getDescription().getValue() != null) {
            html.append(entry.getDescription().getValue());
        }
        if (html.length() == 0) {
            for (SyndContent content : entry.getContents()) {
                if (content.getValue() != null) {
                    html.append(content.getValue()).append('\n');
                }
            }
        }
        return html.toString();
    }

    private static String firstLink(SyndEntry entry) {
        return entry.getLinks().stream()
                .map(l -> l.getHref())
                .filter(h -> h != null && !h.isBlank())
                .findFirst()
                .orElse(null);
    }

    static String resolve(String base, String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        String trimmed = link.trim();
        try {
            URI uri = new URI(trimmed);
            if (!uri.isAbsolute() && base != null && base.startsWith("http")) {
                return new URI(base.trim()).resolve(uri).toString();
            }
            return uri.isAbsolute() ? trimmed : null;
        } catch (Exception e) {
            return trimmed.startsWith("http") ? trimmed : null;
        }
    }

    private static int firstNonSpace(byte[] content) {
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b != ' '
                    && b != '\n'
                    && b != '\r'
                    && b != '\t'
                    && b != (byte) 0xEF
                    && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return i;
            }
        }
        return -1;
    }

    private static String stripBeforeXml(String xml) {
        int start = 0;
        while (start < xml.length() && (Character.isWhitespace(xml.charAt(start)) || xml.charAt(start) == '\uFEFF')) {
            start++;
        }
        return xml.substring(start);
    }

    private static String readAll(Reader reader) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            out.append(buffer, 0, n);
        }
        return out.toString();
    }

    /** A time from JSON: ISO-8601 with an offset, or epoch seconds or milliseconds; null when neither. */
    public static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException notIso) {
            try {
                long epoch = Long.parseLong(text.trim());
                return epoch > 10_000_000_000L ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** JSON Feed 1.0/1.1 (jsonfeed.org). */
    static final class JsonFeed {
        private JsonFeed() {}

        static ParsedFeed parse(byte[] content, String source) throws FeedParseException {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(content);
            } catch (IOException e) {
                throw new FeedParseException("the feed is not well-formed JSON: " + firstLine(e.getMessage()), e);
            }
            if (!root.isObject() || !root.path("items").isArray()) {
                throw new FeedParseException("the JSON document is not a JSON Feed (no 'items' list)");
            }
            String language = root.path("language").asText(null);
            List<NewsItem> items = new ArrayList<>();
            for (JsonNode node : root.path("items")) {
                NewsItemBuilder.build(
                                draft(node, source, root.path("home_page_url").asText(null), language))
                        .ifPresent(items::add);
            }
            return new ParsedFeed(NewsItemBuilder.text(root.path("title").asText("")), language, items);
        }

        private static ItemDraft draft(JsonNode node, String source, String home, String language) {
            String guid = node.path("id").asText(null);
            String body = node.hasNonNull("content_html")
                    ? node.path("content_html").asText()
                    : node.hasNonNull("content_text")
                            ? node.path("content_text").asText()
                            : node.path("summary").asText("");
            List<String> authors = new ArrayList<>();
            node.path("authors").forEach(a -> authors.add(a.path("name").asText("")));
            if (node.has("author")) {
                authors.add(node.path("author").path("name").asText(""));
            }
            List<String> tags = new ArrayList<>();
            node.path("tags").forEach(t -> tags.add(t.asText()));
            return new ItemDraft(
                    source,
                    guid != null && !guid.isBlank() ? "guid:" + guid : null,
                    node.path("title").asText(""),
                    resolve(home, node.path("url").asText(null)),
                    body,
                    instant(node.path("date_published").asText(null)),
                    node.path("language").asText(language),
                    authors,
                    tags);
        }
    }
}
