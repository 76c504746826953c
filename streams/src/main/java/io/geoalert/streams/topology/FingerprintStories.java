package io.geoalert.streams.topology;

import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsPartitions;
import io.geoalert.model.Topics;
import io.geoalert.streams.story.StoryCandidate;
import io.geoalert.streams.story.StoryFingerprint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Takes the fingerprint of each item that raised alerts (see {@link StoryFingerprint}) and forwards
 * it, without its body, as a story candidate keyed by the page it names (a hash of its canonical URL)
 * or, naming none, by its id: so that the next stage sees every item of one page, whichever partition
 * of {@code news.raw} it came from. A candidate whose key belongs on the partition it was read from
 * (the project's producers put items there) goes straight to the next stage, which runs in this same
 * task; any other goes through the stories-by-url topic.
 */
final class FingerprintStories implements Processor<String, MatchedItem, String, StoryCandidate> {

    /**
     * Streams property: {@code false} sends every candidate through the stories-by-url topic, as
     * before pages were followed where they arrive (default {@code true}).
     */
    static final String FOLLOW_PAGES_LOCALLY = "geoalert.stories.follow.pages.locally";

    private final PagePartitions pages;
    private final String localChild;
    private final String topicChild;
    private final Counter local;
    private final Counter viaTopic;
    private boolean followLocally;
    private ProcessorContext<String, StoryCandidate> context;

    FingerprintStories(PagePartitions pages, MeterRegistry registry, String localChild, String topicChild) {
        this.pages = pages;
        this.localChild = localChild;
        this.topicChild = topicChild;
        this.local = candidates(registry, "local");
        this.viaTopic = candidates(registry, "topic");
    }

    private static Counter candidates(MeterRegistry registry, String route) {
        return Counter.builder("geoalert.stories.candidates")
                .tag("route", route)
                .description("Items that raised alerts on their way to the story stage, by route: local (already"
                        + " on their page's partition) or topic (through the stories-by-url repartition topic)")
                .register(registry);
    }

    @Override
    public void init(ProcessorContext<String, StoryCandidate> context) {
        this.context = context;
        this.followLocally = followLocally(context.appConfigs());
    }

    static boolean followLocally(Map<String, Object> configs) {
        Object value = configs.get(FOLLOW_PAGES_LOCALLY);
        if (value == null) {
            return true;
        }
        String text = value.toString().trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new ConfigException(FOLLOW_PAGES_LOCALLY, value, "must be true or false");
        }
        return Boolean.parseBoolean(text);
    }

    @Override
    public void process(Record<String, MatchedItem> record) {
        NewsItem item = record.value().item();
        StoryFingerprint fingerprint = StoryFingerprint.of(item.title(), item.body());
        String page = NewsPartitions.pageId(item.url());
        StoryCandidate candidate = new StoryCandidate(
                item.id(),
                item.source(),
                page,
                fingerprint,
                fingerprint.key(),
                record.value().alerts());
        String key = page != null ? page : item.id();
        Record<String, StoryCandidate> out = record.withKey(key).withValue(candidate);
        if (followLocally && onItsPartition(key)) {
            local.increment();
            context.forward(out, localChild);
        } else {
            viaTopic.increment();
            context.forward(out, topicChild);
        }
    }

    /**
     * True when the stories-by-url topic would put the key on the partition number this record was read
     * from on news.raw: the task that reads that partition of both topics, this one, would see it next.
     */
    private boolean onItsPartition(String key) {
        RecordMetadata from = context.recordMetadata().orElse(null);
        return from != null && Topics.NEWS_RAW.equals(from.topic()) && pages.isOn(key, from.partition());
    }
}
