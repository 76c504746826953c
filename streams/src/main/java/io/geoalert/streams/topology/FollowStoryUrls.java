package io.geoalert.streams.topology;

import io.geoalert.streams.story.StoryCandidate;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Sees every item of one page (partitioned by its URL): the first item of a page within the story
 * window gives the page its story key; later items of the page take that key whatever their text, so
 * that they meet the first at the next stage even when a feed rewrote headline and lead. Forwards each
 * candidate keyed by its story key. The page-to-key map is a windowed store: entries leave it with
 * the window.
 */
final class FollowStoryUrls implements Processor<String, StoryCandidate, String, StoryCandidate> {

    static final String STORE = "story-urls";

    private final Duration window;
    private ProcessorContext<String, StoryCandidate> context;
    private WindowStore<String, String> pages;

    FollowStoryUrls(Duration window) {
        this.window = window;
    }

    @Override
    public void init(ProcessorContext<String, StoryCandidate> context) {
        this.context = context;
        this.pages = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, StoryCandidate> record) {
        StoryCandidate candidate = record.value();
        if (candidate.urlId() != null) {
            String first = firstKeyOf(candidate.urlId(), record.timestamp());
            if (first != null) {
                candidate = candidate.inBucket(first);
            } else {
                pages.put(candidate.urlId(), candidate.bucket(), record.timestamp());
            }
        }
        context.forward(record.withKey(candidate.bucket()).withValue(candidate));
    }

    private String firstKeyOf(String page, long at) {
        try (WindowStoreIterator<String> seen = pages.fetch(page, Windows.from(at, window), Windows.to(at, window))) {
            if (seen.hasNext()) {
                KeyValue<Long, String> first = seen.next();
                return first.value;
            }
            return null;
        }
    }
}
