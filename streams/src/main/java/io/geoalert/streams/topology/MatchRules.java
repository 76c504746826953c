package io.geoalert.streams.topology;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.match.AlertFactory;
import io.geoalert.streams.match.RuleMatcher;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Clock;
import java.util.function.Supplier;

/** Runs the current rules over each item and forwards one alert per rule that fired, keyed by item id. */
final class MatchRules implements Processor<String, NewsItem, String, Alert> {

    private final Supplier<RuleMatcher> matcher;
    private final MeterRegistry registry;
    private final Clock clock;
    private ProcessorContext<String, Alert> context;

    MatchRules(Supplier<RuleMatcher> matcher, MeterRegistry registry, Clock clock) {
        this.matcher = matcher;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, NewsItem> record) {
        NewsItem item = record.value();
        RuleMatcher.Result result = matcher.get().match(item);
        registry.counter("geoalert.news.matched", "outcome", result.hits().isEmpty() ? "no-alert" : "alert").increment();
        for (RuleMatcher.Hit hit : result.hits()) {
            Alert alert = AlertFactory.create(item, hit, result.entities(), clock.instant());
            registry.counter("geoalert.alerts.emitted", "category", alert.category(), "severity", alert.severity().label())
                    .increment();
            context.forward(record.withKey(item.id()).withValue(alert));
        }
    }
}
