package io.geoalert.producer.source;

import io.geoalert.model.NewsItem;
import io.geoalert.producer.feed.FeedParseException;
import io.geoalert.producer.feed.FeedParser;
import io.geoalert.producer.fetch.FetchException;
import io.geoalert.producer.fetch.PolledUrl;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * An RSS, Atom or JSON Feed polled over HTTP(S) through the polite fetcher: a 304 publishes
 * nothing, 410 disables the feed, 429/503 back off as the server asks. Conditional GETs only
 * start from a response whose items Kafka acknowledged.
 */
public final class HttpFeedSource extends ConfiguredSource {

    private final PolledUrl url;

    public HttpFeedSource(SourceSpec spec, PolledUrl url) {
        super(spec);
        this.url = url;
    }

    /** Where the feed is polled now (after any permanent redirect). */
    public URI url() {
        return url.url();
    }

    /** The items are on Kafka: later polls may ask "changed since?". */
    @Override
    public void onPublished() {
        url.acknowledge();
    }

    @Override
    public void onPublishFailed(Exception why) {
        url.forget();
    }

    @Override
    public List<NewsItem> poll() throws SourceException {
        Optional<byte[]> body;
        try {
            body = url.poll();
        } catch (FetchException e) {
            throw new SourceException(
                    e.permanent() ? e.getMessage() + "; the feed is disabled" : e.getMessage(),
                    e,
                    e.retryAfter().orElse(null),
                    e.permanent());
        }
        if (body.isEmpty()) {
            return List.of();
        }
        try {
            return FeedParser.parse(body.get(), spec.id(), url.url().toString()).items();
        } catch (FeedParseException e) {
            throw new SourceException(e.getMessage(), e);
        }
    }
}
