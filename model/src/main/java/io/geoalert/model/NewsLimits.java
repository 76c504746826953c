package io.geoalert.model;

import java.util.Map;
import java.util.Objects;

/**
 * The largest NewsItem geoalert accepts, field by field. Every entry (HTTP, files, feeds) and the
 * streams validate step check items against the limits in force, so one oversized item is refused
 * with a reason naming the field instead of growing into an alert no broker accepts.
 *
 * <p>Lengths count UTF-16 chars. The defaults fit an HTTP request of 1 MiB and a Kafka record of
 * the broker's default 1 MB with room for headers.
 */
public record NewsLimits(
        int maxIdChars,
        int maxSourceChars,
        int maxTitleChars,
        int maxUrlChars,
        int maxBodyChars,
        int maxLanguageChars,
        int maxAuthors,
        int maxTags,
        int maxListEntryChars) {

    /** The documented defaults (README, Configuration). */
    public static final NewsLimits DEFAULTS = new NewsLimits(200, 200, 1_000, 4_096, 500_000, 35, 50, 100, 200);

    private static volatile NewsLimits inForce = DEFAULTS;

    public NewsLimits {
        Map.of(
                        "maxIdChars",
                        maxIdChars,
                        "maxSourceChars",
                        maxSourceChars,
                        "maxTitleChars",
                        maxTitleChars,
                        "maxUrlChars",
                        maxUrlChars,
                        "maxBodyChars",
                        maxBodyChars,
                        "maxLanguageChars",
                        maxLanguageChars,
                        "maxAuthors",
                        maxAuthors,
                        "maxTags",
                        maxTags,
                        "maxListEntryChars",
                        maxListEntryChars)
                .forEach((key, value) -> {
                    if (value < 1) {
                        throw new IllegalArgumentException("limits." + key + " must be 1 or more, was " + value);
                    }
                });
    }

    /** The limits this process checks items against: the defaults unless configured at start-up. */
    public static NewsLimits inForce() {
        return inForce;
    }

    /** Sets the limits of this process; called once, while the configuration is read. */
    public static void install(NewsLimits limits) {
        inForce = java.util.Objects.requireNonNull(limits);
    }

    /** The same limits with the overrides given by name (e.g. {@code maxBodyChars}); unknown names are refused. */
    public NewsLimits with(Map<String, Integer> overrides) {
        int[] v = {
            maxIdChars,
            maxSourceChars,
            maxTitleChars,
            maxUrlChars,
            maxBodyChars,
            maxLanguageChars,
            maxAuthors,
            maxTags,
            maxListEntryChars
        };
        String[] names = {
            "maxIdChars",
            "maxSourceChars",
            "maxTitleChars",
            "maxUrlChars",
            "maxBodyChars",
            "maxLanguageChars",
            "maxAuthors",
            "maxTags",
            "maxListEntryChars"
        };
        overrides.forEach((key, value) -> {
            int at = java.util.Arrays.asList(names).indexOf(key);
            if (at < 0) {
                throw new IllegalArgumentException(
                        "limits." + key + " is not a known limit; known: " + String.join(", ", names));
            }
            if (value == null) {
                throw new IllegalArgumentException("limits." + key + " needs a number");
            }
            v[at] = value;
        });
        return new NewsLimits(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    /**
     * Checks every field against these limits.
     *
     * @throws InvalidNewsItemException marked {@link InvalidNewsItemException#tooLarge() too large}, naming the field
     */
    public void check(NewsItem item) {
        length("id", item.id(), maxIdChars);
        length("source", item.source(), maxSourceChars);
        length("title", item.title(), maxTitleChars);
        length("url", item.url(), maxUrlChars);
        length("body", item.body(), maxBodyChars);
        length("language", item.language(), maxLanguageChars);
        list("authors", item.authors(), maxAuthors);
        list("tags", item.tags(), maxTags);
    }

    /**
     * The item cut to fit: title and body shortened (at a word boundary where one is near), author
     * and tag lists shortened. For sources that cannot be asked to send less, such as feeds: a
     * long article is still news. Fields that cannot be cut without changing what they name (id,
     * url, source) are left for {@link #check} to refuse.
     */
    public NewsItem fit(NewsItem item) {
        String title = cut(item.title(), maxTitleChars);
        String body = cut(item.body(), maxBodyChars);
        java.util.List<String> authors = cutList(item.authors(), maxAuthors);
        java.util.List<String> tags = cutList(item.tags(), maxTags);
        boolean fits = Objects.equals(title, item.title())
                && Objects.equals(body, item.body())
                && authors.equals(item.authors())
                && tags.equals(item.tags());
        if (fits) {
            return item;
        }
        return new NewsItem(
                item.id(),
                item.source(),
                title,
                item.url(),
                body,
                item.publishedAt(),
                item.fetchedAt(),
                item.language(),
                authors,
                tags,
                item.extra());
    }

    private java.util.List<String> cutList(java.util.List<String> values, int maxCount) {
        boolean fits = values.size() <= maxCount
                && values.stream().allMatch(v -> v == null || v.length() <= maxListEntryChars);
        if (fits) {
            return values;
        }
        return values.stream()
                .limit(maxCount)
                .map(v -> cut(v, maxListEntryChars))
                .toList();
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1; // room for the ellipsis
        int space = text.lastIndexOf(' ', end);
        if (space > end - 80 && space > 0) {
            end = space;
        }
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    private void list(String field, java.util.List<String> values, int maxCount) {
        if (values.size() > maxCount) {
            throw InvalidNewsItemException.tooLarge(
                    field, "'" + field + "' has " + values.size() + " entries; at most " + maxCount + " are accepted");
        }
        for (int i = 0; i < values.size(); i++) {
            length(field + "[" + i + "]", values.get(i), maxListEntryChars);
        }
    }

    private static void length(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw InvalidNewsItemException.tooLarge(
                    field,
                    "'" + field + "' is " + value.length() + " characters long; at most " + max + " are accepted");
        }
    }
}
