package io.geoalert.producer.source;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.producer.feed.FeedParseException;
import io.geoalert.producer.feed.FeedParser;
import io.geoalert.producer.fetch.FetchException;
import io.geoalert.producer.fetch.PoliteFetcher;
import io.geoalert.producer.fetch.PolledUrl;
import io.geoalert.producer.item.ItemDraft;
import io.geoalert.producer.item.NewsItemBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The source types geoalert ships: {@code rss} (RSS, Atom, JSON Feed), {@code json-api} and {@code directory}. */
public final class BuiltinSources {

    private BuiltinSources() {}

    /** Every feed and API shares one fetcher, so the per-host budget holds across them. */
    private static final PoliteFetcher FETCHER = PoliteFetcher.defaults();

    /**
     * {@code rss}: a feed at {@code url} (polled politely; {@code allowPrivate: true} lets an
     * internal feed live on a private address) or in a file at {@code path}.
     */
    public static final class Feed implements SourceFactory {
        @Override
        public String type() {
            return "rss";
        }

        @Override
        public Source create(SourceSpec spec, Map<String, Object> options) {
            Options o = new Options(spec.id(), options);
            String url = o.optional("url");
            if (url != null) {
                return new HttpFeedSource(
                        spec,
                        new PolledUrl(FETCHER, httpUrl(spec, url), o.flag("allowPrivate"), PoliteFetcher.FEED_TYPES));
            }
            Path path = Path.of(o.required("path"));
            return new SimpleSource(spec, () -> {
                try {
                    return FeedParser.parse(FETCHER.fetchOnce(path.toString(), false), spec.id(), null)
                            .items();
                } catch (FetchException | FeedParseException e) {
                    throw new SourceException(e.getMessage(), e);
                }
            });
        }
    }

    /**
     * {@code json-api}: a JSON document at {@code url} whose items sit at the JSON Pointer
     * {@code items}, with {@code fields} mapping id, title, body, url and publishedAt to pointers.
     */
    public static final class JsonApi implements SourceFactory {
        @Override
        public String type() {
            return "json-api";
        }

        @Override
        public Source create(SourceSpec spec, Map<String, Object> options) {
            Options o = new Options(spec.id(), options);
            PolledUrl url = new PolledUrl(
                    FETCHER, httpUrl(spec, o.required("url")), o.flag("allowPrivate"), "application/json, */*;q=0.5");
            JsonPointer items = pointer(spec, "items", o.optional("items") == null ? "" : o.required("items"));
            Map<String, Object> fields = o.map("fields");
            JsonPointer title = pointer(spec, "fields.title", (String) fields.getOrDefault("title", "/title"));
            JsonPointer body = pointer(spec, "fields.body", (String) fields.getOrDefault("body", "/body"));
            JsonPointer link = pointer(spec, "fields.url", (String) fields.getOrDefault("url", "/url"));
            JsonPointer id = pointer(spec, "fields.id", (String) fields.getOrDefault("id", "/id"));
            JsonPointer time =
                    pointer(spec, "fields.publishedAt", (String) fields.getOrDefault("publishedAt", "/publishedAt"));
            return new SimpleSource(spec, url::acknowledge, () -> {
                JsonNode root;
                try {
                    java.util.Optional<byte[]> answer = url.poll();
                    if (answer.isEmpty()) {
                        return List.of(); // 304: nothing new
                    }
                    root = Json.MAPPER.readTree(answer.get());
                } catch (FetchException e) {
                    throw new SourceException(e.getMessage(), e, e.retryAfter().orElse(null), e.permanent());
                } catch (IOException e) {
                    throw new SourceException("the API answered with something that is not JSON", e);
                }
                JsonNode list = root.at(items);
                if (!list.isArray()) {
                    throw new SourceException("no list at '" + items + "' in the API's answer", null);
                }
                List<NewsItem> out = new ArrayList<>();
                for (JsonNode node : list) {
                    String key = node.at(id).asText(null);
                    ItemDraft draft = new ItemDraft(
                            spec.id(),
                            key == null ? null : spec.id() + ":" + key,
                            node.at(title).asText(""),
                            node.at(link).asText(null),
                            node.at(body).asText(""),
                            FeedParser.instant(node.at(time).asText(null)),
                            null,
                            List.of(),
                            List.of());
                    // the same builder as every feed: a missing title falls back to the start of the body
                    NewsItemBuilder.build(draft).ifPresent(out::add);
                }
                return out;
            });
        }

        private static JsonPointer pointer(SourceSpec spec, String key, String value) {
            try {
                return JsonPointer.compile(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "feeds[" + spec.id() + "]." + key + " is not a JSON Pointer (like /data/items): " + value);
            }
        }
    }

    /**
     * {@code directory}: JSON-lines files of NewsItems dropped into {@code path}; see {@link DirectorySource}.
     * Options: {@code settle} (how long a file must be left alone before it is read, default 1s) and
     * {@code maxFileBytes} (default 64 MiB).
     */
    public static final class Directory implements SourceFactory {
        @Override
        public String type() {
            return "directory";
        }

        @Override
        public Source create(SourceSpec spec, Map<String, Object> options) {
            Options o = new Options(spec.id(), options);
            Path dir = Path.of(o.required("path"));
            Duration settle = o.optional("settle") == null ? Duration.ofSeconds(1) : o.duration("settle");
            long maxFileBytes = o.optional("maxFileBytes") == null ? 64L << 20 : o.positiveLong("maxFileBytes");
            return new DirectorySource(spec, dir, settle, maxFileBytes, java.time.Clock.systemUTC());
        }
    }

    static URI httpUrl(SourceSpec spec, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feeds[" + spec.id() + "].url is not a URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("feeds[" + spec.id() + "].url must be http or https: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("feeds[" + spec.id() + "].url has no host: " + url);
        }
        return uri;
    }

    /** A source whose poll is a function. */
    static final class SimpleSource extends ConfiguredSource {
        interface Poll {
            List<NewsItem> run() throws SourceException;
        }

        private final Poll poll;
        private final Runnable onPublished;

        SimpleSource(SourceSpec spec, Poll poll) {
            this(spec, () -> {}, poll);
        }

        SimpleSource(SourceSpec spec, Runnable onPublished, Poll poll) {
            super(spec);
            this.poll = poll;
            this.onPublished = onPublished;
        }

        @Override
        public void onPublished() {
            onPublished.run();
        }

        @Override
        public List<NewsItem> poll() throws SourceException {
            return poll.run();
        }
    }
}
