package io.geoalert.producer.feed;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * Reads a feed document from a file or an HTTP(S) URL: connect and read timeouts, gzip, a size
 * cap, redirects followed, and a User-Agent naming the project.
 */
public final class FeedFetcher {

    public static final String USER_AGENT = "geoalert/0.1 (feed reader; +https://example.invalid/geoalert)";

    private final HttpClient client;
    private final Duration readTimeout;
    private final long maxBytes;

    public FeedFetcher(Duration connectTimeout, Duration readTimeout, long maxBytes) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    public static FeedFetcher defaults() {
        return new FeedFetcher(Duration.ofSeconds(10), Duration.ofSeconds(30), 10L << 20);
    }

    /** The document at {@code source}: a URL when it starts with http:// or https://, else a file path. */
    public byte[] fetch(String source) throws FeedParseException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            return fetchUrl(source);
        }
        Path file = Path.of(source);
        try {
            if (Files.size(file) > maxBytes) {
                throw new FeedParseException("the file is larger than " + maxBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new FeedParseException("no such file: " + source, e);
        } catch (IOException e) {
            throw new FeedParseException("cannot read the file: " + e.getMessage(), e);
        }
    }

    private byte[] fetchUrl(String url) throws FeedParseException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout)
                    .header("User-Agent", USER_AGENT).header("Accept-Encoding", "gzip")
                    .header("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8")
                    .GET().build();
        } catch (IllegalArgumentException e) {
            throw new FeedParseException("not a valid URL: " + url, e);
        }
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream raw = response.body()) {
                if (response.statusCode() != 200) {
                    throw new FeedParseException("the server answered HTTP " + response.statusCode());
                }
                boolean gzip = response.headers().firstValue("Content-Encoding").map(v -> v.contains("gzip")).orElse(false);
                try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                    if (body.length > maxBytes) {
                        throw new FeedParseException("the response is larger than " + maxBytes + " bytes");
                    }
                    return body;
                }
            }
        } catch (java.net.http.HttpTimeoutException e) {
            throw new FeedParseException("the server did not answer within " + readTimeout.toSeconds() + " s", e);
        } catch (java.net.ConnectException e) {
            throw new FeedParseException("cannot connect to " + URI.create(url).getHost(), e);
        } catch (IOException e) {
            throw new FeedParseException("fetching failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedParseException("interrupted", e);
        }
    }
}
