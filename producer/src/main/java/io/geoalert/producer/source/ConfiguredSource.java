package io.geoalert.producer.source;

import java.time.Duration;

/** A source made from a configuration entry: its id and interval come from the {@link SourceSpec}. */
public abstract class ConfiguredSource implements Source {

    protected final SourceSpec spec;

    protected ConfiguredSource(SourceSpec spec) {
        this.spec = spec;
    }

    @Override
    public final String id() {
        return spec.id();
    }

    @Override
    public final Duration interval() {
        return spec.interval();
    }
}
