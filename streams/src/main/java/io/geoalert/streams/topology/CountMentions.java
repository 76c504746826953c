package io.geoalert.streams.topology;

import io.geoalert.streams.trend.Mention;
import io.geoalert.streams.trend.MentionBuckets;
import io.geoalert.streams.trend.MentionStats;
import io.geoalert.streams.trend.TopStories;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Adds each mention to its key's 5-minute bucket of record time: the count ({@link MentionStats#STORE},
 * kept {@link MentionBuckets#RETENTION} for spikes and stats) and the bucket's top stories (kept two
 * hours, for the trend alert that names them), then passes the mention on to spike detection.
 */
final class CountMentions implements Processor<String, Mention, String, Mention> {

    /** The highest-scoring stories of each key's bucket. */
    static final String TOP_STORIES = "mention-top-stories";

    private ProcessorContext<String, Mention> context;
    private WindowStore<String, Long> counts;
    private WindowStore<String, TopStories> top;

    @Override
    public void init(ProcessorContext<String, Mention> context) {
        this.context = context;
        this.counts = context.getStateStore(MentionStats.STORE);
        this.top = context.getStateStore(TOP_STORIES);
    }

    @Override
    public void process(Record<String, Mention> record) {
        String key = record.key();
        long bucket = MentionBuckets.bucketOf(record.timestamp());
        Long count = counts.fetch(key, bucket);
        counts.put(key, count == null ? 1L : count + 1, bucket);
        TopStories stories = top.fetch(key, bucket);
        top.put(
                key,
                (stories == null ? TopStories.empty() : stories)
                        .with(record.value().story()),
                bucket);
        context.forward(record);
    }
}
