package io.geoalert.streams.topology;

import io.geoalert.model.Alert;
import io.geoalert.streams.trend.Mention;
import io.geoalert.streams.trend.MentionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Counts each story once under its category and under each entity its alerts name: forwards one
 * {@link Mention} per key the story had not been counted under, keyed by that key, at the record time
 * of the item that raised the alert. Updates count nothing (a copy is the same story), and neither does
 * a second rule of the same category; a rule that fires first on a later copy counts the story under a
 * category or entity it was not counted under yet.
 *
 * <p>Runs beside {@link JoinStories}, partitioned by story key, where every alert of a story passes;
 * the keys a story was counted under are kept for the story window, at the time it was first counted.
 */
final class MentionStories implements Processor<String, Alert, String, Mention> {

    /** The keys each story was counted under, by story id. */
    static final String STORE = "story-mentions";

    private final Duration storyWindow;
    private ProcessorContext<String, Mention> context;
    private WindowStore<String, String[]> counted;

    MentionStories(Duration storyWindow) {
        this.storyWindow = storyWindow;
    }

    @Override
    public void init(ProcessorContext<String, Mention> context) {
        this.context = context;
        this.counted = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        if (alert.update()) {
            return;
        }
        long at = record.timestamp();
        Set<String> keys = new LinkedHashSet<>();
        long countedAt = at;
        try (WindowStoreIterator<String[]> earlier =
                counted.backwardFetch(alert.storyId(), Windows.from(at, storyWindow), Windows.to(at, storyWindow))) {
            if (earlier.hasNext()) {
                KeyValue<Long, String[]> last = earlier.next();
                countedAt = last.key;
                keys.addAll(List.of(last.value));
            }
        }
        List<String> fresh = new ArrayList<>();
        if (keys.add(MentionKey.category(alert.category()))) {
            fresh.add(MentionKey.category(alert.category()));
        }
        for (String entity : alert.entities()) {
            if (keys.add(MentionKey.entity(entity))) {
                fresh.add(MentionKey.entity(entity));
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        counted.put(alert.storyId(), keys.toArray(String[]::new), countedAt);
        Mention mention = new Mention(alert.storyId(), alert.alertId(), alert.title(), alert.score());
        for (String key : fresh) {
            context.forward(record.withKey(key).withValue(mention));
        }
    }
}
