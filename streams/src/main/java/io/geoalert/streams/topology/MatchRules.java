package io.geoalert.streams.topology;

import io.geoalert.model.Alert;
import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.match.AlertFactory;
import io.geoalert.streams.match.RuleMatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the current rules over each item and forwards the item with one alert per rule that fired
 * (items that raise none stop here), keyed by item id, to the repeat filter and the story stages; the
 * filter counts the hits ({@link AlertMetrics}), so a repeat is not counted twice. A rule that throws on the
 * item costs only its own alert: the item goes to the dead-letter sink with the rule named, and the
 * other rules' alerts go on as usual.
 */
final class MatchRules implements Processor<String, NewsItem, String, Object> {

    static final String STAGE = "streams.match";
    private static final Logger log = LoggerFactory.getLogger(MatchRules.class);

    private final Supplier<RuleMatcher> matcher;
    private final MeterRegistry registry;
    private final Clock clock;
    private final String matchedChild;
    private final String deadLetterChild;
    // meters looked up once per task, not per record: Micrometer's look-up builds tags and hashes them
    private final Map<String, Counter> matched = new HashMap<>();
    private ProcessorContext<String, Object> context;

    MatchRules(
            Supplier<RuleMatcher> matcher,
            MeterRegistry registry,
            Clock clock,
            String matchedChild,
            String deadLetterChild) {
        this.matcher = matcher;
        this.registry = registry;
        this.clock = clock;
        this.matchedChild = matchedChild;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, NewsItem> record) {
        NewsItem item = record.value();
        RuleMatcher rules = matcher.get();
        RuleMatcher.Result result = rules.match(item);
        matched.computeIfAbsent(
                        result.hits().isEmpty() ? "no-alert" : "alert",
                        outcome -> Counter.builder("geoalert.news.matched")
                                .tag("outcome", outcome)
                                .description("Items run through the rules, by outcome (alert, no-alert)")
                                .register(registry))
                .increment();
        List<Alert> alerts = new ArrayList<>(result.hits().size());
        double entityWeight = result.hits().isEmpty() ? 1.0 : rules.entityWeight(result.entities());
        for (RuleMatcher.Hit hit : result.hits()) {
            Alert alert = AlertFactory.create(item, hit, result.entities(), entityWeight, clock.instant());
            alerts.add(alert);
        }
        if (!alerts.isEmpty()) {
            context.forward(record.withKey(item.id()).withValue(new MatchedItem(item, alerts)), matchedChild);
        }
        for (RuleMatcher.RuleFailure failure : result.failures()) {
            deadLetter(record, item, failure);
        }
    }

    private void deadLetter(Record<String, NewsItem> record, NewsItem item, RuleMatcher.RuleFailure failure) {
        String ruleId = failure.rule().id();
        RecordMetadata from = context.recordMetadata().orElse(null);
        log.error(
                "rule '{}' failed on item {} and was skipped for it (item set aside to the DLQ): {}",
                ruleId,
                item.id(),
                failure.error().toString());
        Counter.builder("geoalert.rules.failures")
                .tag("rule", ruleId)
                .description("Items a rule threw on (the item goes to news.dlq naming the rule), by rule id")
                .register(registry)
                .increment();
        Counter.builder("geoalert.dlq.records")
                .tag("stage", STAGE)
                .description(
                        "Records set aside to a dead-letter topic (news.dlq, alerts.dlq), by the stage that gave up on them")
                .register(registry)
                .increment();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetterHeaders.addTo(
                headers,
                STAGE,
                from == null ? null : from.topic(),
                from == null ? -1 : from.partition(),
                from == null ? -1 : from.offset(),
                failure.error());
        DeadLetterHeaders.put(headers, DeadLetterHeaders.RULE_ID, ruleId);
        context.forward(
                new Record<String, Object>(item.id(), Json.toBytes(item), record.timestamp(), headers),
                deadLetterChild);
    }
}
