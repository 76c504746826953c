package io.geoalert.streams.topology;

import io.geoalert.model.ItemIds;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.story.StoryCandidate;
import io.geoalert.streams.story.StoryFingerprint;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Takes the fingerprint of each item that raised alerts (see {@link StoryFingerprint}) and forwards
 * it, without its body, as a story candidate keyed by the page it names (a hash of its canonical URL)
 * or, naming none, by its id: so that the next stage sees every item of one page, whichever partition
 * of {@code news.raw} it came from.
 */
final class FingerprintStories implements Processor<String, MatchedItem, String, StoryCandidate> {

    private ProcessorContext<String, StoryCandidate> context;

    @Override
    public void init(ProcessorContext<String, StoryCandidate> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, MatchedItem> record) {
        NewsItem item = record.value().item();
        StoryFingerprint fingerprint = StoryFingerprint.of(item.title(), item.body());
        String page = pageId(item.url());
        StoryCandidate candidate = new StoryCandidate(
                item.id(),
                item.source(),
                page,
                fingerprint,
                fingerprint.key(),
                record.value().alerts());
        context.forward(record.withKey(page != null ? page : item.id()).withValue(candidate));
    }

    /**
     * A hash of the canonical URL when it names one page; null without a URL or when it names a site's
     * root, which feeds put on every item they cannot link better and so says nothing of the story.
     */
    static String pageId(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String canonical = ItemIds.canonicalUrl(url);
        try {
            URI uri = new URI(canonical);
            String path = uri.getRawPath();
            if (uri.getHost() == null
                    || ((path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null)) {
                return null;
            }
        } catch (URISyntaxException e) {
            return null;
        }
        return ItemIds.fromUrl(canonical);
    }
}
