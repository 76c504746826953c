package io.geoalert.producer.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * The one way geoalert fetches a URL (RSS, Atom, JSON Feed, JSON APIs, {@code feeds check}):
 * http and https only; every redirect hop re-checked; internal addresses refused after DNS
 * resolution unless allowed, and the connection made to the address checked; a per-host request
 * budget; conditional GET (ETag, Last-Modified); gzip; a size cap; one deadline for the whole
 * request, body included; 410 permanent; 429/503 Retry-After honoured up to a cap.
 */
public final class PoliteFetcher {

    public static final String USER_AGENT = "geoalert/0.1 (feed reader; +https://example.invalid/geoalert)";
    public static final String FEED_TYPES =
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8";

    /** What a conditional GET sends back: the validators of the last good answer (either may be null). */
    public record Validators(String etag, String lastModified) {
        public static final Validators NONE = new Validators(null, null);
    }

    /**
     * An answer: {@code notModified} (304, no body) or a body with its new validators;
     * {@code permanentLocation} is where every redirect on the way was permanent (null when none).
     */
    public record Fetched(boolean notModified, byte[] body, Validators validators, URI permanentLocation) {}

    /** Resolves a host to the addresses that may be connected to; a seam so tests can stand in for DNS. */
    interface Resolver {
        List<InetAddress> resolve(String host, boolean allowPrivate) throws FetchException;
    }

    private final FetchLimits limits;
    private final HostBudget budget;
    private final Clock clock;
    private final SSLSocketFactory tls;
    private final Resolver resolver;

    public PoliteFetcher(FetchLimits limits, HostBudget budget, Clock clock, SSLSocketFactory tls) {
        this(limits, budget, clock, tls, AddressPolicy::resolve);
    }

    PoliteFetcher(FetchLimits limits, HostBudget budget, Clock clock, SSLSocketFactory tls, Resolver resolver) {
        this.limits = limits;
        this.budget = budget;
        this.clock = clock;
        this.tls = tls;
        this.resolver = resolver;
    }

    public PoliteFetcher(FetchLimits limits) {
        this(limits, HostBudget.SHARED, Clock.systemUTC(), (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    public static PoliteFetcher defaults() {
        return new PoliteFetcher(FetchLimits.DEFAULTS);
    }

    public FetchLimits limits() {
        return limits;
    }

    /** The document at {@code source}: fetched when it is an http(s) URL, else read from a file, within the size cap. */
    public byte[] fetchOnce(String source, boolean allowPrivate) throws FetchException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(source);
            } catch (IllegalArgumentException e) {
                throw new FetchException("not a valid URL: " + source, e);
            }
            Fetched fetched = get(uri, Validators.NONE, allowPrivate, FEED_TYPES);
            return fetched.body();
        }
        Path file = Path.of(source);
        try {
            if (Files.size(file) > limits.maxBytes()) {
                throw new FetchException("the file is larger than " + limits.maxBytes() + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FetchException("no such file: " + source, e);
        } catch (IOException e) {
            throw new FetchException("cannot read the file: " + e.getMessage(), e);
        }
    }

    /** A GET of {@code url}, conditional on {@code validators}, following up to the limit of redirects. */
    public Fetched get(URI url, Validators validators, boolean allowPrivate, String accept) throws FetchException {
        URI target = url;
        URI permanent = null;
        boolean allPermanent = true;
        long deadline = 0;
        for (int hop = 0; hop <= limits.maxRedirects(); hop++) {
            checkScheme(target);
            acquire(target.getHost());
            if (hop == 0) {
                // the budget's wait is politeness, not the server's slowness: the deadline starts after it
                deadline = System.nanoTime() + limits.deadline().toNanos();
            }
            HttpExchange.Response response = exchange(target, validators, allowPrivate, accept, deadline);
            int status = response.status();
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = response.header("Location");
                if (location == null || location.isBlank()) {
                    throw new FetchException("redirect " + status + " without a Location");
                }
                try {
                    target = target.resolve(location.trim());
                } catch (IllegalArgumentException e) {
                    throw new FetchException(
                            "redirect " + status + " to an invalid Location: " + abbreviate(location), e);
                }
                allPermanent &= status == 301 || status == 308;
                if (allPermanent) {
                    permanent = target;
                }
                continue;
            }
            return answer(response, status, validators, permanent);
        }
        throw new FetchException("more than " + limits.maxRedirects() + " redirects");
    }

    private Fetched answer(HttpExchange.Response response, int status, Validators sent, URI permanent)
            throws FetchException {
        if (status == 304) {
            return new Fetched(true, new byte[0], sent, permanent);
        }
        if (status == 410) {
            throw new FetchException("the URL is gone (HTTP 410)", null, null, true);
        }
        if (status == 429 || status == 503) {
            throw new FetchException(
                    "the server asked to slow down (HTTP " + status + ")",
                    null,
                    retryAfter(response.header("Retry-After")),
                    false);
        }
        if (status != 200) {
            throw new FetchException("the server answered HTTP " + status);
        }
        String etag = response.header("ETag");
        String lastModified = response.header("Last-Modified");
        return new Fetched(false, response.body(), new Validators(etag, lastModified), permanent);
    }

    private HttpExchange.Response exchange(
            URI target, Validators validators, boolean allowPrivate, String accept, long deadline)
            throws FetchException {
        List<InetAddress> addresses = resolver.resolve(target.getHost(), allowPrivate);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", USER_AGENT);
        headers.put("Accept", accept);
        headers.put("Accept-Encoding", "gzip");
        if (validators.etag() != null) {
            headers.put("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            headers.put("If-Modified-Since", validators.lastModified());
        }
        IOException last = null;
        for (InetAddress address : addresses) {
            try {
                return HttpExchange.get(target, address, headers, limits, deadline, tls);
            } catch (HttpExchange.DeadlineException e) {
                throw new FetchException(
                        "no complete answer from " + target.getHost() + " within "
                                + limits.deadline().toSeconds() + " s",
                        null);
            } catch (HttpExchange.TooLargeException e) {
                throw new FetchException("the response is larger than " + limits.maxBytes() + " bytes");
            } catch (ConnectException e) {
                last = e; // another address of the host may answer
            } catch (IOException e) {
                throw new FetchException("fetching " + target.getHost() + " failed: " + describe(e), e);
            }
        }
        throw new FetchException("cannot connect to " + target.getHost() + ": " + describe(last), last);
    }

    private static void checkScheme(URI target) throws FetchException {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException("only http and https URLs are fetched, not " + abbreviate(target.toString()));
        }
        if (target.getHost() == null || target.getHost().isEmpty()) {
            throw new FetchException("the URL has no host: " + abbreviate(target.toString()));
        }
    }

    private void acquire(String host) throws FetchException {
        try {
            budget.acquire(host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted", e);
        }
    }

    /** Retry-After in seconds or as an HTTP date, never negative, never beyond the cap; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        Duration wait;
        try {
            wait = Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                wait = Duration.between(clock.instant(), at.toInstant());
                if (wait.isNegative()) {
                    wait = Duration.ZERO;
                }
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return wait.compareTo(limits.maxRetryAfter()) > 0 ? limits.maxRetryAfter() : wait;
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "no address";
        }
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
