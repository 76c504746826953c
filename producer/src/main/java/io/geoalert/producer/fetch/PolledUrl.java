package io.geoalert.producer.fetch;

import java.net.URI;
import java.util.Optional;

/**
 * One URL polled again and again through the {@link PoliteFetcher}: it remembers where a
 * permanent redirect moved it, and the validators for conditional GETs, but only once the caller
 * {@link #acknowledge() acknowledges} what it did with the body: a body whose items never reached
 * Kafka must be fetched whole again, not answered with a 304.
 */
public final class PolledUrl {

    private final PoliteFetcher fetcher;
    private final boolean allowPrivate;
    private final String accept;
    private volatile URI url;
    private volatile PoliteFetcher.Validators validators = PoliteFetcher.Validators.NONE;
    private volatile PoliteFetcher.Validators pending;

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

    /** The body when it changed since the last acknowledged poll; empty on 304 Not Modified. */
    public synchronized Optional<byte[]> poll() throws FetchException {
        pending = null;
        PoliteFetcher.Fetched fetched = fetcher.get(url, validators, allowPrivate, accept);
        if (fetched.permanentLocation() != null) {
            url = fetched.permanentLocation();
        }
        if (fetched.notModified()) {
            return Optional.empty();
        }
        pending = fetched.validators();
        return Optional.of(fetched.body());
    }

    /** What the last poll returned is taken care of: the next poll may be conditional on it. */
    public synchronized void acknowledge() {
        if (pending != null) {
            validators = pending;
            pending = null;
        }
    }

    /** What the last poll returned was not taken care of: the next poll fetches it again. */
    public synchronized void forget() {
        pending = null;
    }
}
