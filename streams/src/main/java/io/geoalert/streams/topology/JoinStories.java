package io.geoalert.streams.topology;

import io.geoalert.model.Alert;
import io.geoalert.streams.match.AlertFactory;
import io.geoalert.streams.story.StoryCandidate;
import io.geoalert.streams.story.StoryMember;
import io.geoalert.streams.story.StoryState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * One alert per story and rule. Sees every item of one story key (partitioned by it) and looks among
 * the items indexed under that key within the story window for one of the same story: the same page,
 * or a near-duplicate fingerprint ({@link StoryMember#matches}).
 *
 * <ul>
 *   <li>None: the item starts a story whose id is its own, and its alerts go out at once, as the
 *       first of the story (never held back waiting for copies).
 *   <li>A copy from a source the story has not counted: the story counts it, and every alert the
 *       story raised goes out again as an update (same {@code alertId}, {@code update} true,
 *       corroboration and maybe severity and score raised): one update per rule per new source.
 *   <li>A copy from a source already counted: nothing, but for a rule that had not fired on the story
 *       yet, whose alert goes out as the story's first for that rule.
 * </ul>
 *
 * A story lasts the window from its first item: a copy arriving later starts a new story. Both
 * stores are windowed with the window as retention, so they hold about one window of stories. A
 * candidate is compared with the {@value #MAX_CANDIDATES} most recent items of its story key at most.
 * Alerts are keyed by the id of the item that raised them, so an alert and its updates share a
 * partition and keep their order.
 */
final class JoinStories implements Processor<String, StoryCandidate, String, Alert> {

    /** The items of each story key: {@link StoryMember}s at their own record time. */
    static final String INDEX = "story-index";
    /** The state of each story, by story id, at the story's start. */
    static final String STORIES = "stories";

    /** The most items of one story key a candidate is compared with, newest first. */
    static final int MAX_CANDIDATES = 200;

    private final Duration window;
    private final MeterRegistry registry;
    private final Clock clock;
    // meters looked up once per task, not per record: Micrometer's look-up builds tags and hashes them
    private final Map<String, Counter> copies = new HashMap<>();
    private final Map<String, Counter> alertCounters = new HashMap<>();
    private ProcessorContext<String, Alert> context;
    private WindowStore<String, StoryMember> index;
    private WindowStore<String, StoryState> stories;

    JoinStories(Duration window, MeterRegistry registry, Clock clock) {
        this.window = window;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.index = context.getStateStore(INDEX);
        this.stories = context.getStateStore(STORIES);
    }

    @Override
    public void process(Record<String, StoryCandidate> record) {
        StoryCandidate candidate = record.value();
        long at = record.timestamp();
        StoryMember earlier = storyOf(candidate, at);
        StoryState state = earlier == null ? null : stories.fetch(earlier.storyId(), earlier.storyStart());
        String storyId = state == null ? candidate.itemId() : earlier.storyId();
        long storyStart = state == null ? at : earlier.storyStart();
        if (state == null) {
            state = StoryState.empty();
        } else {
            copies.computeIfAbsent(
                            state.isCounted(candidate.source()) ? "counted" : "new",
                            source -> registry.counter("geoalert.stories.copies", "source", source))
                    .increment();
        }

        Instant now = clock.instant();
        List<Alert> out = new ArrayList<>();
        if (!state.isCounted(candidate.source())) {
            state = state.withSource(candidate.source());
            for (Alert raised : state.alerts()) {
                out.add(AlertFactory.forStory(raised, storyId, state.sources(), true, now));
            }
        }
        for (Alert alert : candidate.alerts()) {
            if (state.alertOf(alert.ruleId()).isEmpty()) {
                state = state.withAlert(alert);
                out.add(AlertFactory.forStory(alert, storyId, state.sources(), false, now));
            }
        }

        index.put(
                candidate.bucket(),
                new StoryMember(storyId, storyStart, candidate.urlId(), candidate.fingerprint()),
                at);
        stories.put(storyId, state, storyStart);
        for (Alert alert : out) {
            String name = alert.update() ? "geoalert.alerts.updated" : "geoalert.alerts.emitted";
            alertCounters
                    .computeIfAbsent(
                            name + "|" + alert.category() + "|"
                                    + alert.severity().label(),
                            key -> Counter.builder(name)
                                    .tag("category", alert.category())
                                    .tag("severity", alert.severity().label())
                                    .description(
                                            alert.update()
                                                    ? "Updates of a story's alert (a copy from a new source), by"
                                                            + " category and severity"
                                                    : "New alerts, one per story and rule, by category and severity")
                                    .register(registry))
                    .increment();
            context.forward(record.withKey(alert.itemId()).withValue(alert));
        }
    }

    /**
     * The story the candidate is a copy of: one naming its page, else its closest near-duplicate; null if
     * none. Looks at the story key's {@value #MAX_CANDIDATES} most recent items at most, so that a key
     * many items share (templated reports of one source) costs each item a bounded look-up.
     */
    private StoryMember storyOf(StoryCandidate candidate, long at) {
        StoryMember closest = null;
        double closeness = -1;
        int looked = 0;
        try (WindowStoreIterator<StoryMember> members =
                index.backwardFetch(candidate.bucket(), Windows.from(at, window), Windows.to(at, window))) {
            while (members.hasNext() && looked++ < MAX_CANDIDATES) {
                StoryMember member = members.next().value;
                if (Math.abs(at - member.storyStart()) > window.toMillis()) {
                    continue; // its story began more than a window away: a copy now starts a new one
                }
                if (member.sameUrl(candidate)) {
                    return member;
                }
                if (member.matches(candidate)) {
                    double similarity = member.fingerprint().similarity(candidate.fingerprint());
                    if (similarity > closeness) {
                        closest = member;
                        closeness = similarity;
                    }
                }
            }
        }
        return closest;
    }
}
