package io.geoalert.producer.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.producer.feed.FeedParseException;
import io.geoalert.producer.feed.FeedParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * News read in place from a folder of third-party corpora by reference, {@code file#position}: so
 * a labeled evaluation set can name its items without copying their text. The position is the
 * story's {@code NEWID} in a Reuters-21578 {@code .sgm} file, the entry's index (from 0) in the
 * Wikipedia Current Events JSON, and the item's index (from 0) in any feed the project parses. The
 * reference is also the item's id. Files are read once and kept.
 */
public final class Corpus {

    private static final Pattern REUTERS_STORY =
            Pattern.compile("<REUTERS[^>]*NEWID=\"(\\d+)\"[^>]*>(.*?)</REUTERS>", Pattern.DOTALL);
    private static final Pattern REUTERS_TITLE = Pattern.compile("<TITLE>(.*?)</TITLE>", Pattern.DOTALL);
    private static final Pattern REUTERS_BODY = Pattern.compile("<BODY>(.*?)</BODY>", Pattern.DOTALL);
    private static final Pattern CONTROL_ENTITY = Pattern.compile("&#\\d+;");
    private static final Pattern SIGN_OFF = Pattern.compile("\\s*Reuter\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private final Path root;
    private final Map<String, Map<String, NewsItem>> files = new HashMap<>();

    public Corpus(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The item a reference names; an error names the reference and what is wrong with it. */
    public NewsItem item(String ref) throws IOException {
        int hash = ref.lastIndexOf('#');
        if (hash <= 0 || hash == ref.length() - 1) {
            throw new IOException("corpus reference '" + ref + "' is not file#position");
        }
        String file = ref.substring(0, hash);
        Map<String, NewsItem> items;
        try {
            items = items(file);
        } catch (IOException e) {
            throw new IOException("corpus reference '" + ref + "': " + e.getMessage(), e);
        }
        NewsItem item = items.get(ref.substring(hash + 1));
        if (item == null) {
            throw new IOException("corpus reference '" + ref + "': no item at position " + ref.substring(hash + 1)
                    + " in " + root.resolve(file));
        }
        return item;
    }

    /** Every item of one corpus file, by position. */
    public Map<String, NewsItem> items(String file) throws IOException {
        Map<String, NewsItem> items = files.get(file);
        if (items == null) {
            items = read(file);
            files.put(file, items);
        }
        return items;
    }

    private Map<String, NewsItem> read(String file) throws IOException {
        Path path = root.resolve(file).normalize();
        if (!path.startsWith(root.normalize())) {
            throw new IOException("corpus file leaves the corpus folder: " + file);
        }
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new IOException("corpus file not found: " + path, e);
        }
        if (file.endsWith(".sgm")) {
            return reuters(file, new String(content, StandardCharsets.ISO_8859_1));
        }
        if (file.endsWith("wikitimes_CEP.json")) {
            return currentEvents(file, content);
        }
        return feed(file, content);
    }

    private static Map<String, NewsItem> reuters(String file, String text) {
        Map<String, NewsItem> items = new LinkedHashMap<>();
        Matcher story = REUTERS_STORY.matcher(text);
        while (story.find()) {
            Matcher title = REUTERS_TITLE.matcher(story.group(2));
            if (!title.find()) {
                continue; // untitled briefs carry no story to label
            }
            Matcher body = REUTERS_BODY.matcher(story.group(2));
            String bodyText =
                    body.find() ? SIGN_OFF.matcher(clean(body.group(1))).replaceFirst("") : "";
            String ref = file + "#" + story.group(1);
            items.put(
                    story.group(1),
                    english(
                            ref,
                            "reuters-21578",
                            clean(title.group(1)),
                            null,
                            bodyText.isEmpty() ? null : bodyText,
                            null));
        }
        return items;
    }

    private static NewsItem english(
            String id, String source, String title, String url, String body, Instant published) {
        return new NewsItem(id, source, title, url, body, published, null, "en", null, null, null);
    }

    /** SGML's character entities, without the control characters the wire left in. */
    private static String clean(String sgml) {
        String text = CONTROL_ENTITY.matcher(sgml).replaceAll("");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    private static Map<String, NewsItem> currentEvents(String file, byte[] content) throws IOException {
        Map<String, NewsItem> items = new LinkedHashMap<>();
        JsonNode entries = Json.MAPPER.readTree(content);
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            // an entry is a one- or two-sentence summary: it is the headline
            String title = entry.path("description").asText().strip().replaceAll("[\\s,]+$", "");
            String url = entry.path("source").path(0).path("url").asText(null);
            String date = entry.path("date").asText(null);
            Instant published =
                    date == null ? null : LocalDate.parse(date).atStartOfDay().toInstant(ZoneOffset.UTC);
            items.put(
                    Integer.toString(i),
                    english(file + "#" + i, "wikipedia-current-events", title, url, null, published));
        }
        return items;
    }

    private Map<String, NewsItem> feed(String file, byte[] content) throws IOException {
        List<NewsItem> parsed;
        try {
            parsed = FeedParser.parse(content, file, root.resolve(file).toUri().toString())
                    .items();
        } catch (FeedParseException e) {
            throw new IOException("corpus file " + file + " is not a feed this project reads: " + e.getMessage(), e);
        }
        Map<String, NewsItem> items = new LinkedHashMap<>();
        for (int i = 0; i < parsed.size(); i++) {
            items.put(Integer.toString(i), parsed.get(i).withId(file + "#" + i));
        }
        return items;
    }
}
