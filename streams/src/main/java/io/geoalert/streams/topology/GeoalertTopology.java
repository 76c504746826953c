package io.geoalert.streams.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Topic;
import io.geoalert.model.Topics;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.query.AlertKey;
import io.geoalert.streams.story.StoryCandidate;
import io.geoalert.streams.story.StoryMemberSerde;
import io.geoalert.streams.story.StoryState;
import io.geoalert.streams.trend.Baseline;
import io.geoalert.streams.trend.Mention;
import io.geoalert.streams.trend.MentionBuckets;
import io.geoalert.streams.trend.MentionStats;
import io.geoalert.streams.trend.TopStories;
import io.geoalert.streams.trend.TrendSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.internals.InternalTopicProperties;
import org.apache.kafka.streams.state.Stores;

/**
 * The geoalert stream-processing pipeline, in the order records flow through it:
 *
 * <pre>
 * news.raw (record time: at most 5 minutes past the clock) → validate (bad records → news.dlq)
 *   → match rules (a failing rule → news.dlq) → drop repeated ids of items that raised alerts
 *   → fingerprint stories
 *   → follow story URLs: at once when the item is on its page's partition, else through
 *     [stories-by-url-repartition, keyed by page], which this same sub-topology reads
 *   → [stories-by-key-repartition, keyed by story key] → join stories (one alert per story and rule;
 *   copies from new sources update it) → alerts + alerts.&lt;category&gt;
 *                                     └→ mention stories (each story once per category and entity)
 *   → [mentions-by-key-repartition, keyed by category or entity] → count mentions (5-minute buckets)
 *   → detect spikes (the last hour against the key's baseline) → alerts.trends
 * alerts → keep the latest version of each alert [alerts-view, for GET /v1/alerts]
 * </pre>
 *
 * Only items that raised alerts travel on after matching, without their bodies. Copies of one story
 * meet whichever partitions of {@code news.raw} they arrived on: the items of one page gather in the
 * task of the page's partition, and those of one story key then meet through the stories-by-key topic
 * (see {@code StoryFingerprint}). The project's producers put each item on its page's partition
 * ({@code NewsPartitions}), so its page is followed where it is read; an item from anywhere else goes
 * through the stories-by-url topic, whose partition p is read by the same task as partition p of
 * {@code news.raw} (Streams holds the two to one partition count), so both paths share one page index.
 * Each hop costs a commit interval of latency under exactly-once: a first alert waits for two. The alerts view
 * reads the alerts topic back as committed, in a sub-topology of its own: its state (a kilobyte or so per
 * alert) is restored after a crash without holding back the stages that raise alerts, and it holds only
 * what readers of the topic saw. Each instance holds the view of its partitions of {@code alerts}, and
 * {@code GET /v1/alerts} asks them all. The third repartition topic gathers every mention of one
 * category or entity on one partition, so that its count, and its spike, is judged whole in one place;
 * the hop delays trend alerts, not alerts, by a commit interval, and the traffic is one small record
 * per story and key. Counts are read per instance and summed at query time ({@code MentionStats}).
 *
 * <p>Record time is the timestamp on {@code news.raw}, clamped to the clock's now plus five minutes
 * ({@link ClampedTimestamps}): stream time follows record time, and one record stamped in the future
 * would make every record after it late to the windowed stores and trend baselines.
 */
public final class GeoalertTopology {

    /** How long an item id is remembered, so that a repeat of it raises nothing. */
    public static final Duration DEFAULT_REPEAT_WINDOW = Duration.ofDays(7);

    /** How long after its first item a story takes copies: later ones start a new story. */
    public static final Duration DEFAULT_STORY_WINDOW = Duration.ofDays(2);

    /** How long after its first version an alert stays in the alerts view. */
    public static final Duration DEFAULT_ALERTS_RETENTION = Duration.ofDays(7);

    /** The latest version of each alert, by {@link AlertKey}: what {@code GET /v1/alerts} reads. */
    public static final String ALERTS_VIEW = "alerts-view";
    /** When each alert in the view was first raised, by alert id: where an update goes. */
    public static final String ALERTS_VIEW_IDS = "alerts-view-ids";

    static final String NEWS = "news-raw-source";
    static final String VALIDATE = "validate-news";
    static final String DEAD_LETTERS = "news-dlq-sink";
    static final String DROP_REPEATS = "drop-repeated-items";
    static final String MATCH = "match-rules";
    static final String FINGERPRINT = "fingerprint-stories";
    static final String BY_URL = "stories-by-url-repartition";
    static final String TO_BY_URL = "stories-by-url-sink";
    static final String FROM_BY_URL = "stories-by-url-source";
    static final String FOLLOW_URLS = "follow-story-urls";
    static final String BY_KEY = "stories-by-key-repartition";
    static final String TO_BY_KEY = "stories-by-key-sink";
    static final String FROM_BY_KEY = "stories-by-key-source";
    static final String JOIN_STORIES = "join-stories";
    static final String ALL_ALERTS = "alerts-sink";
    static final String ALERTS_BY_CATEGORY = "alerts-by-category-sink";
    static final String ALERTS_WRITTEN = "alerts-source";
    static final String KEEP_ALERTS = "keep-latest-alerts";
    static final String MENTION_STORIES = "mention-stories";
    static final String BY_MENTION_KEY = "mentions-by-key-repartition";
    static final String TO_BY_MENTION_KEY = "mentions-by-key-sink";
    static final String FROM_BY_MENTION_KEY = "mentions-by-key-source";
    static final String COUNT_MENTIONS = "count-mentions";
    static final String DETECT_SPIKES = "detect-spikes";
    static final String TRENDS = "alerts-trends-sink";

    /** The top stories of a bucket are kept for the window that names them, and an hour for late ones. */
    private static final Duration TOP_STORIES_RETENTION = MentionBuckets.WINDOW.multipliedBy(2);

    private static final Serde<StoryCandidate> CANDIDATES = internal(StoryCandidate.class);
    private static final Serde<Mention> MENTIONS = internal(Mention.class);

    private GeoalertTopology() {}

    /**
     * Builds the topology.
     *
     * @param matcher      the rules in force, read for every item so that a swapped matcher applies at once
     * @param repeatWindow how long an item id is remembered to drop repeats of it
     * @param storyWindow  how long after its first item a story takes copies, and its state is kept
     * @param alertsRetention how long after its first version an alert stays in the alerts view
     * @param trends       when a category's or entity's count of stories is a spike
     */
    public static Topology build(
            Supplier<RuleMatcher> matcher,
            MeterRegistry registry,
            Clock clock,
            Duration repeatWindow,
            Duration storyWindow,
            Duration alertsRetention,
            TrendSettings trends) {
        Counter invalid = Counter.builder("geoalert.dlq.records")
                .tag("stage", ValidateNews.STAGE)
                .description("News records set aside to news.dlq, by the stage that gave up on them")
                .register(registry);
        Counter repeats = Counter.builder("geoalert.news.repeats.dropped")
                .description("Items that raised alerts, dropped because an item of the same id raised alerts within"
                        + " the repeat window (a repeat that raises none is not counted: it stops at matching)")
                .register(registry);
        Counter futureStamps = Counter.builder("geoalert.news.timestamps.clamped")
                .description("Records on news.raw stamped more than 5 minutes past this host's clock, processed"
                        + " at its now plus 5 minutes so that they cannot move stream time ahead")
                .register(registry);
        Serializer<Alert> alerts = Topic.ALERTS.valueSerde().serializer();

        PagePartitions pages = new PagePartitions();
        PipelineTopology topology = new PipelineTopology();
        topology.repartitionTopic(BY_URL).repartitionTopic(BY_KEY).repartitionTopic(BY_MENTION_KEY);
        // task p reads partition p of both: the page index of FollowStoryUrls is one store for both paths
        topology.copartition(NEWS, FROM_BY_URL);
        topology.addSource(
                        (AutoOffsetReset) null, // the consumer's auto.offset.reset, as for the other sources
                        NEWS,
                        new ClampedTimestamps(clock, futureStamps),
                        Topic.NEWS_RAW.keySerde().deserializer(),
                        Topic.NEWS_RAW.valueSerde().deserializer(),
                        Topic.NEWS_RAW.name())
                .addProcessor(VALIDATE, () -> new ValidateNews(MATCH, DEAD_LETTERS, invalid), NEWS)
                .addProcessor(
                        MATCH, () -> new MatchRules(matcher, registry, clock, DROP_REPEATS, DEAD_LETTERS), VALIDATE)
                .addProcessor(
                        DROP_REPEATS, () -> new DropRepeats(repeatWindow, repeats, new AlertMetrics(registry)), MATCH)
                .addStateStore(
                        Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(DropRepeats.STORE, repeatWindow, repeatWindow, false),
                                Serdes.String(),
                                Serdes.Long()),
                        DROP_REPEATS)
                .addProcessor(
                        FINGERPRINT,
                        () -> new FingerprintStories(pages, registry, FOLLOW_URLS, TO_BY_URL),
                        DROP_REPEATS)
                .addSink(TO_BY_URL, BY_URL, Serdes.String().serializer(), CANDIDATES.serializer(), pages, FINGERPRINT)
                // candidates of another partition's pages come back through the topic to this same stage
                .addSource(FROM_BY_URL, Serdes.String().deserializer(), CANDIDATES.deserializer(), BY_URL)
                .addProcessor(FOLLOW_URLS, () -> new FollowStoryUrls(storyWindow), FINGERPRINT, FROM_BY_URL)
                .addStateStore(
                        Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(FollowStoryUrls.STORE, storyWindow, storyWindow, false),
                                Serdes.String(),
                                Serdes.String()),
                        FOLLOW_URLS)
                .addSink(TO_BY_KEY, BY_KEY, Serdes.String().serializer(), CANDIDATES.serializer(), FOLLOW_URLS)
                // stage 2, partitioned by story key
                .addSource(FROM_BY_KEY, Serdes.String().deserializer(), CANDIDATES.deserializer(), BY_KEY)
                .addProcessor(JOIN_STORIES, () -> new JoinStories(storyWindow, registry, clock), FROM_BY_KEY)
                .addStateStore(
                        Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(JoinStories.INDEX, storyWindow, storyWindow, true),
                                Serdes.String(),
                                new StoryMemberSerde()),
                        JOIN_STORIES)
                .addStateStore(
                        Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(JoinStories.STORIES, storyWindow, storyWindow, false),
                                Serdes.String(),
                                internal(StoryState.class)),
                        JOIN_STORIES)
                .addSink(
                        ALL_ALERTS, Topic.ALERTS.name(), Topic.ALERTS.keySerde().serializer(), alerts, JOIN_STORIES)
                .addSink(
                        ALERTS_BY_CATEGORY,
                        (key, alert, context) -> Topics.alertsFor(alert.category()),
                        Topic.ALERTS.keySerde().serializer(),
                        alerts,
                        JOIN_STORIES)
                .addProcessor(MENTION_STORIES, () -> new MentionStories(storyWindow), JOIN_STORIES)
                .addStateStore(
                        Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(MentionStories.STORE, storyWindow, storyWindow, false),
                                Serdes.String(),
                                internal(String[].class)),
                        MENTION_STORIES)
                .addSink(
                        TO_BY_MENTION_KEY,
                        BY_MENTION_KEY,
                        Serdes.String().serializer(),
                        MENTIONS.serializer(),
                        MENTION_STORIES)
                // stage 3, partitioned by category or entity
                .addSource(FROM_BY_MENTION_KEY, Serdes.String().deserializer(), MENTIONS.deserializer(), BY_MENTION_KEY)
                .addProcessor(COUNT_MENTIONS, CountMentions::new, FROM_BY_MENTION_KEY)
                .addStateStore(
                        Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(
                                        MentionStats.STORE, MentionBuckets.RETENTION, MentionBuckets.STEP, false),
                                Serdes.String(),
                                Serdes.Long()),
                        COUNT_MENTIONS)
                .addStateStore(
                        Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(
                                        CountMentions.TOP_STORIES, TOP_STORIES_RETENTION, MentionBuckets.STEP, false),
                                Serdes.String(),
                                internal(TopStories.class)),
                        COUNT_MENTIONS)
                .addProcessor(DETECT_SPIKES, () -> new DetectSpikes(trends, registry, clock), COUNT_MENTIONS)
                .addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(DetectSpikes.BASELINES),
                                Serdes.String(),
                                internal(Baseline.class)),
                        DETECT_SPIKES)
                .connectProcessorAndStateStores(DETECT_SPIKES, MentionStats.STORE, CountMentions.TOP_STORIES)
                .addSink(
                        TRENDS,
                        Topic.ALERTS_TRENDS.name(),
                        Topic.ALERTS_TRENDS.keySerde().serializer(),
                        Topic.ALERTS_TRENDS.valueSerde().serializer(),
                        DETECT_SPIKES)
                // stage 4, the alerts as committed, partitioned as the alerts topic (by first item)
                .addSource(
                        ALERTS_WRITTEN,
                        Topic.ALERTS.keySerde().deserializer(),
                        Topic.ALERTS.valueSerde().deserializer(),
                        Topic.ALERTS.name())
                .addProcessor(KEEP_ALERTS, () -> new KeepLatestAlerts(alertsRetention, clock), ALERTS_WRITTEN)
                .addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(ALERTS_VIEW), AlertKey.SERDE, internal(Alert.class)),
                        KEEP_ALERTS)
                .addStateStore(
                        Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(ALERTS_VIEW_IDS), Serdes.String(), Serdes.Long()),
                        KEEP_ALERTS)
                .addSink(
                        DEAD_LETTERS,
                        Topic.NEWS_DLQ.name(),
                        Topic.NEWS_DLQ.keySerde().serializer(),
                        Topic.NEWS_DLQ.valueSerde().serializer(),
                        VALIDATE,
                        MATCH);
        return topology;
    }

    /** The topology with the default repeat (7 days) and story (48 hours) windows, alerts retention (7 days) and trend settings. */
    public static Topology build(Supplier<RuleMatcher> matcher, MeterRegistry registry, Clock clock) {
        return build(
                matcher,
                registry,
                clock,
                DEFAULT_REPEAT_WINDOW,
                DEFAULT_STORY_WINDOW,
                DEFAULT_ALERTS_RETENTION,
                TrendSettings.DEFAULTS);
    }

    /**
     * Records of the story stages and their stores, which only the pipeline reads, in Smile ({@link
     * Json#SMILE}), through a reader and a writer bound to the type once rather than looked up for every
     * record. Records and stores written as JSON, before Smile, are still read: a Smile record begins with
     * its header, {@code :)} and a line feed, and a JSON one with a brace, a bracket or a quote.
     */
    static <T> Serde<T> internal(Class<T> type) {
        ObjectWriter writer = Json.SMILE.writerFor(type);
        ObjectReader smile = Json.SMILE.readerFor(type);
        ObjectReader json = Json.MAPPER.readerFor(type);
        return Serdes.serdeFrom(
                (topic, value) -> {
                    if (value == null) {
                        return null;
                    }
                    try {
                        return writer.writeValueAsBytes(value);
                    } catch (JsonProcessingException e) {
                        // our own records always serialise; failing here is a bug
                        throw new IllegalStateException("cannot serialise " + type.getSimpleName(), e);
                    }
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        return (isSmile(bytes) ? smile : json).readValue(bytes);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static boolean isSmile(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == ':' && bytes[1] == ')' && bytes[2] == '\n';
    }

    /**
     * A topology that declares repartition topics. The Processor API has no public call for it; the
     * DSL declares its own repartition topics through this one, and so Kafka Streams treats these
     * alike: creates each as {@code <application.id>-<name>} with as many partitions as {@code
     * news.raw}, and deletes what it consumed after each commit. A Kafka upgrade that changes the call
     * fails to compile here, not at run time.
     */
    private static final class PipelineTopology extends Topology {
        PipelineTopology repartitionTopic(String name) {
            internalTopologyBuilder.addInternalTopic(name, InternalTopicProperties.empty());
            return this;
        }

        /**
         * Makes Kafka Streams hold the sources' topics to one partition count, as it does for the two
         * sides of a DSL join: it creates a repartition topic among them with the count of the others,
         * and refuses to run when an existing one differs.
         */
        void copartition(String... sources) {
            internalTopologyBuilder.copartitionSources(List.of(sources));
        }
    }
}
