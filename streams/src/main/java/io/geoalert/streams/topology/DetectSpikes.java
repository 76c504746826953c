package io.geoalert.streams.topology;

import io.geoalert.model.ItemIds;
import io.geoalert.model.TrendAlert;
import io.geoalert.streams.trend.Baseline;
import io.geoalert.streams.trend.Mention;
import io.geoalert.streams.trend.MentionBuckets;
import io.geoalert.streams.trend.MentionKey;
import io.geoalert.streams.trend.MentionStats;
import io.geoalert.streams.trend.TopStories;
import io.geoalert.streams.trend.TrendSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each key's last hour against its {@link Baseline} on every mention of it, and raises one
 * {@link TrendAlert} when a spike starts.
 *
 * <p>On a mention at record time {@code t}, the key's baseline first observes every 5-minute step it
 * has not seen up to {@code t}'s bucket (the window ending at each step, read from the counts), which
 * may end a spike; then the window of the 12 buckets ending with {@code t}'s is judged. So a spike is
 * raised by the mention that makes it, with no wait for a step boundary, and a key nobody mentions
 * costs nothing: judging on each mention rather than on a stream-time punctuation needs no sweep of
 * every key, and a spike needs mentions anyway (without traffic, stream time stands still too). A
 * mention later than the key's last step is counted (in later windows and in stats) but judges
 * nothing.
 *
 * <p>Baselines are kept by key, so they are bounded by the categories and entities of the rules. Under
 * the empty key the partition keeps the step it first counted: a key first seen later had no stories
 * before, so its baseline starts with that many empty steps, and no key spikes before the partition
 * has watched for the warm-up.
 */
final class DetectSpikes implements Processor<String, Mention, String, TrendAlert> {

    /** Each key's baseline, and the partition's first step under the empty key. */
    static final String BASELINES = "trend-baselines";

    private static final String PARTITION = "";
    private static final long STEP = MentionBuckets.STEP.toMillis();
    private static final long WINDOW = MentionBuckets.WINDOW.toMillis();
    /**
     * The most empty steps a baseline catches up one by one; older ones are skipped, which costs the
     * baseline nothing it would keep at the default half-life (3 h: a week of empty steps leaves 2^-56).
     */
    private static final long MAX_CATCH_UP = Duration.ofDays(7).toMillis() / STEP;

    private static final Logger log = LoggerFactory.getLogger(DetectSpikes.class);

    private final TrendSettings settings;
    private final Counter categoryTrends;
    private final Counter entityTrends;
    private final Clock clock;
    private ProcessorContext<String, TrendAlert> context;
    private WindowStore<String, Long> counts;
    private WindowStore<String, TopStories> top;
    private KeyValueStore<String, Baseline> baselines;

    DetectSpikes(TrendSettings settings, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.categoryTrends = trendsCounter(registry, TrendAlert.CATEGORY);
        this.entityTrends = trendsCounter(registry, TrendAlert.ENTITY);
        this.clock = clock;
    }

    private static Counter trendsCounter(MeterRegistry registry, String kind) {
        return Counter.builder("geoalert.trends.alerts")
                .tag("kind", kind)
                .description("Trend alerts written to alerts.trends (one per spike), by kind (category, entity)")
                .register(registry);
    }

    @Override
    public void init(ProcessorContext<String, TrendAlert> context) {
        this.context = context;
        this.counts = context.getStateStore(MentionStats.STORE);
        this.top = context.getStateStore(CountMentions.TOP_STORIES);
        this.baselines = context.getStateStore(BASELINES);
    }

    @Override
    public void process(Record<String, Mention> record) {
        String key = record.key();
        long step = MentionBuckets.bucketOf(record.timestamp());
        Baseline partition = baselines.get(PARTITION);
        if (partition == null) {
            partition = Baseline.firstSeen(step, step);
            baselines.put(PARTITION, partition);
        }
        Baseline baseline = baselines.get(key);
        if (baseline == null) {
            baseline = Baseline.firstSeen(partition.lastStep(), step);
        } else if (step > baseline.lastStep()) {
            baseline = catchUp(key, baseline, step);
        }
        if (step == baseline.lastStep()) {
            long count = windowCount(key, step);
            if (baseline.isSpike(count, settings)) {
                context.forward(record.withValue(trend(key, step, count, baseline)));
                baseline = baseline.startSpike();
            }
        }
        baselines.put(key, baseline);
    }

    /** The baseline after observing each step after its last up to {@code step}. */
    private Baseline catchUp(String key, Baseline baseline, long step) {
        long skipped = (step - baseline.lastStep()) / STEP - MAX_CATCH_UP;
        if (skipped > 0) {
            baseline = new Baseline(
                    baseline.lastStep() + skipped * STEP,
                    baseline.steps() + skipped,
                    baseline.mean(),
                    baseline.variance(),
                    baseline.inSpike());
        }
        TreeMap<Long, Long> buckets = new TreeMap<>();
        try (WindowStoreIterator<Long> it = counts.fetch(key, baseline.lastStep() + STEP - WINDOW, step - STEP)) {
            while (it.hasNext()) {
                KeyValue<Long, Long> bucket = it.next();
                buckets.put(bucket.key, bucket.value);
            }
        }
        while (baseline.lastStep() < step) {
            long end = baseline.lastStep() + STEP;
            long count = buckets.subMap(end - WINDOW, end).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            baseline = baseline.observe(count, settings);
        }
        return baseline;
    }

    /** The stories of the window of 12 buckets ending with {@code step}'s. */
    private long windowCount(String key, long step) {
        long count = 0;
        try (WindowStoreIterator<Long> it = counts.fetch(key, step + STEP - WINDOW, step)) {
            while (it.hasNext()) {
                count += it.next().value;
            }
        }
        return count;
    }

    private TrendAlert trend(String key, long step, long count, Baseline baseline) {
        long start = step + STEP - WINDOW;
        long end = step + STEP;
        TopStories stories = TopStories.empty();
        try (WindowStoreIterator<TopStories> it = top.fetch(key, start, step)) {
            while (it.hasNext()) {
                stories = stories.merge(it.next().value);
            }
        }
        String kind = MentionKey.kind(key);
        String name = MentionKey.name(key);
        double z = Math.round(baseline.zScore(count) * 100) / 100.0;
        (kind.equals(TrendAlert.CATEGORY) ? categoryTrends : entityTrends).increment();
        log.info(
                "trend: {} '{}' has {} stories in the hour to {} (usual {} ± {}, z {})",
                kind,
                name,
                count,
                Instant.ofEpochMilli(end),
                String.format(Locale.ROOT, "%.1f", baseline.mean()),
                String.format(Locale.ROOT, "%.1f", baseline.spread()),
                z);
        return new TrendAlert(
                ItemIds.fromKey("trend\u0000" + key + "\u0000" + end),
                kind,
                name,
                count,
                Math.round(baseline.mean() * 100) / 100.0,
                Math.round(baseline.spread() * 100) / 100.0,
                z,
                Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(end),
                clock.instant(),
                stories.stories());
    }
}
