package io.geoalert.ops;

import io.geoalert.http.HttpResponse;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/** The process's Micrometer registry, exported in Prometheus text format on {@code /metrics}. */
public final class Metrics {

    private Metrics() {}

    /** A Prometheus registry with the JVM and process meters bound. */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "geoalert");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        @SuppressWarnings("resource") // lives as long as the registry, i.e. the process
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return registry;
    }

    /**
     * A filter that gives the meters named in {@code descriptions} that description when they are
     * registered without one (the text Prometheus shows as HELP). For meters whose code cannot carry
     * its description yet; add it before any of those meters is registered.
     */
    public static MeterFilter describeMissing(Map<String, String> descriptions) {
        Map<String, String> table = Map.copyOf(descriptions);
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String description = table.get(id.getName());
                if (description == null || id.getDescription() != null) {
                    return id;
                }
                return new Meter.Id(
                        id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
            }
        };
    }

    /** The {@code /metrics} route. */
    public static HttpResponse scrape(PrometheusMeterRegistry registry) {
        return HttpResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }
}
