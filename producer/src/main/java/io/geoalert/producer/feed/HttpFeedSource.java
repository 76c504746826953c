package io.geoalert.producer.feed;

import io.geoalert.model.NewsItem;
import io.geoalert.producer.source.Source;
import io.geoalert.producer.source.SourceException;
import io.geoalert.producer.source.SourceSpec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * An RSS, Atom or JSON Feed polled over HTTP(S), politely: conditional GET with ETag and
 * Last-Modified (a 304 publishes nothing), gzip, timeouts, a size cap, permanent redirects
 * remembered, 410 disables the feed, 429/503 honour Retry-After, and a per-host request budget.
 */
public final class HttpFeedSource implements Source {

    private final SourceSpec spec;
    private final HttpClient client;
    private final Duration readTimeout;
    private final long maxBytes;
    private final Clock clock;
    private volatile URI url;
    private volatile String etag;
    private volatile String lastModified;

    public HttpFeedSource(SourceSpec spec, URI url, Duration connectTimeout, Duration readTimeout, long maxBytes, Clock clock) {
        this.spec = spec;
        this.url = url;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
        this.clock = clock;
        // redirects are followed by hand, so that a permanent one can be remembered
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public Duration interval() {
        return spec.interval();
    }

    /** Where the feed is polled now (after any permanent redirect). */
    public URI url() {
        return url;
    }

    @Override
    public List<NewsItem> poll() throws SourceException {
        URI target = url;
        for (int hops = 0; hops < 5; hops++) {
            HttpResponse<InputStream> response = send(target);
            int status = response.statusCode();
            if (status == 301 || status == 308 || status == 302 || status == 303 || status == 307) {
                close(response);
                URI next = target.resolve(response.headers().firstValue("Location")
                        .orElseThrow(() -> new SourceException("redirect " + status + " without a Location", null)));
                if (status == 301 || status == 308) {
                    url = next;
                }
                target = next;
                continue;
            }
            return handle(response, status);
        }
        throw new SourceException("more than 5 redirects", null);
    }

    private List<NewsItem> handle(HttpResponse<InputStream> response, int status) throws SourceException {
        if (status == 304) {
            close(response);
            return List.of();
        }
        if (status == 410) {
            close(response);
            throw new SourceException("the feed is gone (HTTP 410); it is disabled", null, null, true);
        }
        if (status == 429 || status == 503) {
            close(response);
            throw new SourceException("the server asked to slow down (HTTP " + status + ")", null,
                    retryAfter(response.headers().firstValue("Retry-After")).orElse(null), false);
        }
        if (status != 200) {
            close(response);
            throw new SourceException("the server answered HTTP " + status, null);
        }
        byte[] body = read(response);
        response.headers().firstValue("ETag").ifPresent(v -> etag = v);
        response.headers().firstValue("Last-Modified").ifPresent(v -> lastModified = v);
        try {
            return FeedParser.parse(body, spec.id(), url.toString()).items();
        } catch (FeedParseException e) {
            throw new SourceException(e.getMessage(), e);
        }
    }

    private HttpResponse<InputStream> send(URI target) throws SourceException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(readTimeout)
                .header("User-Agent", FeedFetcher.USER_AGENT).header("Accept-Encoding", "gzip").GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        try {
            HostBudget.SHARED.acquire(String.valueOf(target.getHost()));
            return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new SourceException("no answer within " + readTimeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new SourceException("cannot reach " + target.getHost() + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted", e);
        }
    }

    private byte[] read(HttpResponse<InputStream> response) throws SourceException {
        boolean gzip = response.headers().firstValue("Content-Encoding").map(v -> v.contains("gzip")).orElse(false);
        try (InputStream raw = response.body(); InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            long deadline = System.nanoTime() + readTimeout.toNanos();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new SourceException("the response is larger than " + maxBytes + " bytes", null);
                }
                if (System.nanoTime() > deadline) {
                    throw new SourceException("the response took longer than " + readTimeout.toSeconds() + " s", null);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new SourceException("reading the response failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Duration.between(clock.instant(), at.toInstant()).abs());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }
}
