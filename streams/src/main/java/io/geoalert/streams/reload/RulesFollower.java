package io.geoalert.streams.reload;

import io.geoalert.changes.ChangeFollower;
import io.geoalert.changes.RejectedRecord;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code geoalert.rules} and keeps the matcher in force up to date: on each change it
 * builds the new matcher aside and swaps it in atomically, so matching never pauses. A record that
 * cannot be put in force is refused and listed ({@link RuleChanges}); the previous rules stay. The
 * follow loop is supervised ({@link ChangeFollower}): if it fails (Kafka away, a bug) it is
 * restarted with backoff, shown DOWN on {@code /health} meanwhile, and retries the change it could
 * not apply.
 */
public final class RulesFollower implements Service {

    private static final Logger log = LoggerFactory.getLogger(RulesFollower.class);

    private final KafkaClients kafka;
    private final int partitions;
    private final AtomicReference<RuleMatcher> matcher;
    private final RuleChanges changes;
    private final ChangeFollower<RuleRecord, Rule> follower;

    public RulesFollower(
            KafkaClients kafka,
            int partitions,
            RulePack base,
            int maxCategories,
            AtomicReference<RuleMatcher> matcher,
            MeterRegistry registry,
            Clock clock) {
        this.kafka = kafka;
        this.partitions = partitions;
        this.matcher = matcher;
        this.changes = new RuleChanges(base, maxCategories, clock);
        this.follower = new ChangeFollower<>(kafka, changes.log(), this::swap, registry, clock);
        Gauge.builder(
                        "geoalert.rules.active",
                        matcher,
                        m -> m.get().pack().rules().stream()
                                .filter(Rule::isEnabled)
                                .count())
                .description("Enabled rules in force")
                .register(registry);
    }

    /** Reads the topic to its end and puts the result in force; call before processing starts. */
    public void catchUp(Duration timeout) {
        follower.catchUp(timeout);
    }

    @Override
    public String name() {
        return "rules";
    }

    /** Starts following changes on a supervised thread; {@link #catchUp} comes first. */
    @Override
    public void start() {
        follower.start();
    }

    /** Creates the topics of the rules' categories, then swaps in a matcher compiled aside. */
    private String swap(Map<String, Rule> rules) {
        RulePack pack = changes.pack(rules);
        TopicSetup.ensure(kafka, TopicSetup.categoryTopics(partitions, pack.categories()));
        RuleMatcher next = compileLeavingOutFaults(pack);
        matcher.set(next);
        return next.size();
    }

    /** A rule that passes validation yet fails to compile is a bug; it is refused alone, the others go in force. */
    private RuleMatcher compileLeavingOutFaults(RulePack pack) {
        try {
            return RuleMatcher.compile(pack);
        } catch (RuntimeException whole) {
            List<Rule> good = new ArrayList<>();
            for (Rule rule : pack.rules()) {
                try {
                    RuleMatcher.compile(pack.withRules(List.of(rule)));
                    good.add(rule);
                } catch (RuntimeException e) {
                    log.error("rule '{}' does not compile and is left out: {}", rule.id(), e.toString());
                    follower.refuse(rule.id(), "does not compile: " + e);
                }
            }
            return RuleMatcher.compile(pack.withRules(good));
        }
    }

    /** Waits until this instance has applied the given version of a rule (or its deletion, or a later change). */
    public boolean awaitApplied(String id, int version, Duration timeout) throws InterruptedException {
        return follower.awaitApplied(id, version, timeout);
    }

    /** The version a rule is at on this instance (0 when unknown). */
    public int versionOf(String id) {
        return follower.versionOf(id);
    }

    /** The accepted change in force for a rule, or {@code null}. */
    public RuleRecord latest(String id) {
        return follower.latest(id);
    }

    /** Records refused lately, oldest first. */
    public List<RejectedRecord> rejected() {
        return follower.rejected();
    }

    /** Why a rule with this category could not be added, or {@code null} when it can. */
    public String categoryLimit(Rule rule) {
        return changes.categoryLimit(rule);
    }

    /** The changes this follower keeps, for the routes. */
    ChangeFollower<RuleRecord, Rule> changes() {
        return follower;
    }

    /** The follow loop's health, with how many records were refused. */
    @Override
    public Health.Status health() {
        return follower.health(null);
    }

    @Override
    public void close() {
        follower.close();
    }
}
