package io.geoalert.producer.fetch;

import java.net.URI;
import java.util.Optional;

/**
 * One URL polled again and again through the {@link PoliteFetcher}: it remembers the validators
 * for conditional GETs and where a permanent redirect moved it.
 */
public final class PolledUrl {

    private final PoliteFetcher fetcher;
    private final boolean allowPrivate;
    private final String accept;
    private volatile URI url;
    private volatile PoliteFetcher.Validators validators = PoliteFetcher.Validators.NONE;

    public PolledUrl(PoliteFetcher fetcher, URI url, boolean allowPrivate, String accept) {
        this.fetcher = fetcher;
        this.url = url;
        this.allowPrivate = allowPrivate;
        this.accept = accept;
    }

    /** Where it is polled now (after any permanent redirect). */
    public URI url() {
        return url;
    }

    /** The body when it changed since the last poll; empty on 304 Not Modified. */
    public synchronized Optional<byte[]> poll() throws FetchException {
        PoliteFetcher.Fetched fetched = fetcher.get(url, validators, allowPrivate, accept);
        if (fetched.permanentLocation() != null) {
            url = fetched.permanentLocation();
        }
        if (fetched.notModified()) {
            return Optional.empty();
        }
        validators = fetched.validators();
        return Optional.of(fetched.body());
    }
}
