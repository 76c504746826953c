package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.model.Topics;
import io.geoalert.producer.corpus.Corpus;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.query.AlertKey;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.streams.story.StoryMemberSerde;
import io.geoalert.streams.story.StoryState;
import io.geoalert.testing.RequiresSharedData;
import io.geoalert.testing.SharedData;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What following stories costs in state: every Reuters-21578 story of the corpus files goes through
 * the pipeline with the default rules (one source, a page each, 20 s apart, so all within one story
 * window), and the story stores are measured entry by entry as they are written to RocksDB and to their
 * changelogs: key and value bytes plus the window store's 12 bytes of time and sequence number. The
 * per-entry figures give the size per million items (the changelogs hold the same bytes). The RocksDB
 * files are measured too, for comparison: RocksDB compresses, but with a few hundred entries the files'
 * fixed costs (options, manifest) still weigh, so the serialized figure is the one to extrapolate.
 */
@RequiresSharedData("corpora/reuters21578-subset")
class StoryStateSizeTest {

    private static final Instant T0 = Instant.parse("1987-04-01T00:00:00Z");
    private static final int WINDOW_KEY_OVERHEAD = 12;

    @TempDir
    Path stateDir;

    @Test
    void measuresTheStoryStoresPerAlertingItem() throws IOException {
        Corpus corpus = new Corpus(SharedData.root()
                .map(root -> root.resolve("corpora"))
                .orElse(Path.of("..", "..", "shared", "corpora")));
        List<NewsItem> items = new ArrayList<>();
        for (String file : List.of("reut2-000.sgm", "reut2-012.sgm", "reut2-016.sgm", "reut2-017.sgm")) {
            items.addAll(corpus.items("reuters21578-subset/" + file).values());
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RuleMatcher rules = RuleMatcher.compile(RulePack.defaults());
        Map<String, long[]> stores = new LinkedHashMap<>();
        Map<String, Long> disk = new LinkedHashMap<>();
        int alerting;
        long[] view;
        long[] viewIds;
        java.util.Set<String> alertIds = new java.util.HashSet<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                GeoalertTopology.build(
                        // the clock stands after the last item (20 s apart: 22 h), whose time is not clamped
                        () -> rules, registry, Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC)),
                StreamsService.properties(
                        new StreamsSettings("unused:9092", "size-test", stateDir, 1, 1, Optional.empty(), Map.of()),
                        registry))) {
            TestInputTopic<String, byte[]> news =
                    driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer());
            TestOutputTopic<String, byte[]> alerts = driver.createOutputTopic(
                    Topics.ALERTS,
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            for (int i = 0; i < items.size(); i++) {
                NewsItem item = items.get(i);
                String id = "reuters-" + item.id().substring(item.id().lastIndexOf('#') + 1);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("id", id);
                json.put("source", "reuters");
                json.put("title", item.title());
                json.put("url", "https://www.reuters.com/article/" + id);
                if (item.body() != null) {
                    json.put("body", item.body());
                }
                news.pipeInput(id, Json.toBytes(json), T0.plus(Duration.ofSeconds(20L * i)));
            }
            alerting = (int) registry.get("geoalert.news.matched")
                    .tag("outcome", "alert")
                    .counter()
                    .count();
            stores.put(JoinStories.INDEX, measure(driver.getWindowStore(JoinStories.INDEX), new StoryMemberSerde()));
            stores.put(
                    JoinStories.STORIES,
                    measure(driver.getWindowStore(JoinStories.STORIES), GeoalertTopology.internal(StoryState.class)));
            stores.put(
                    FollowStoryUrls.STORE,
                    measure(
                            driver.getWindowStore(FollowStoryUrls.STORE),
                            org.apache.kafka.common.serialization.Serdes.String()));
            for (String store : stores.keySet()) {
                disk.put(store, onDisk(store));
            }
            alerts.readValuesToList()
                    .forEach(a -> alertIds.add(Json.read(a, Alert.class).alertId()));
            view = measure(
                    driver.<AlertKey, Alert>getKeyValueStore(GeoalertTopology.ALERTS_VIEW),
                    AlertKey.SERDE,
                    GeoalertTopology.internal(Alert.class));
            viewIds = measure(
                    driver.<String, Long>getKeyValueStore(GeoalertTopology.ALERTS_VIEW_IDS),
                    org.apache.kafka.common.serialization.Serdes.String(),
                    org.apache.kafka.common.serialization.Serdes.Long());
        }
        long total = 0;
        StringBuilder figures = new StringBuilder();
        for (Map.Entry<String, long[]> store : stores.entrySet()) {
            long entries = store.getValue()[0];
            long bytes = store.getValue()[1];
            total += bytes;
            figures.append(String.format(
                    Locale.ROOT,
                    "%n[stories]   %-12s %5d entries, %6.0f bytes each, %5.0f bytes per alerting item;"
                            + " RocksDB files %.0f bytes per entry",
                    store.getKey(),
                    entries,
                    entries == 0 ? 0.0 : bytes / (double) entries,
                    bytes / (double) alerting,
                    entries == 0 ? 0.0 : disk.get(store.getKey()) / (double) entries));
        }
        double perAlerting = total / (double) alerting;
        System.out.printf(
                Locale.ROOT,
                "[stories] %d items, %d raised alerts (%.1f%%); story state %.0f bytes per alerting item:"
                        + " %.0f MB per million alerting items, %.0f MB per million items at this rate%s%n",
                items.size(),
                alerting,
                100.0 * alerting / items.size(),
                perAlerting,
                perAlerting,
                perAlerting * alerting / items.size(),
                figures);

        System.out.printf(
                Locale.ROOT,
                "[alerts-view] %d alerts: %.0f bytes each in the view, %.0f in its id index: %.0f MB per million"
                        + " alerts, held for the alerts retention%n",
                view[0],
                view[1] / (double) view[0],
                viewIds[1] / (double) viewIds[0],
                (view[1] + viewIds[1]) / (double) view[0]);
        assertEquals(view[0], viewIds[0], "one id entry per alert in the view");
        assertEquals(alertIds.size(), view[0], "one view entry per alert emitted (its updates replace it)");

        assertEquals(alerting, stores.get(JoinStories.INDEX)[0], "one index entry per alerting item");
        assertEquals(alerting, stores.get(FollowStoryUrls.STORE)[0], "one page entry per alerting item (all differ)");
        assertTrue(stores.get(JoinStories.STORIES)[0] <= alerting, "at most one story state per alerting item");
        assertTrue(
                stores.get(JoinStories.INDEX)[1] / alerting < 400,
                "an index entry stays a few hundred bytes: it is scanned for every alerting item");
    }

    /** Entries and bytes of a window store as written: key, value, and the window key's time and sequence. */
    private static <V> long[] measure(WindowStore<String, V> store, Serde<V> values) {
        long entries = 0;
        long bytes = 0;
        try (KeyValueIterator<Windowed<String>, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Windowed<String>, V> entry = all.next();
                entries++;
                bytes += entry.key.key().getBytes(StandardCharsets.UTF_8).length
                        + values.serializer().serialize("", entry.value).length
                        + WINDOW_KEY_OVERHEAD;
            }
        }
        return new long[] {entries, bytes};
    }

    /** Entries and bytes of a key-value store as written: key and value, each in the store's serde. */
    private static <K, V> long[] measure(KeyValueStore<K, V> store, Serde<K> keys, Serde<V> values) {
        long entries = 0;
        long bytes = 0;
        try (KeyValueIterator<K, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<K, V> entry = all.next();
                entries++;
                bytes += keys.serializer().serialize("", entry.key).length
                        + values.serializer().serialize("", entry.value).length;
            }
        }
        return new long[] {entries, bytes};
    }

    /** The bytes of the store's RocksDB files (flushed at each commit), all segments together. */
    private long onDisk(String store) throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && file.toString().contains("/" + store + "/")) {
                    bytes += Files.size(file);
                }
            }
        }
        return bytes;
    }
}
