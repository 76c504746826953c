package io.geoalert.consumer.channel;

import io.geoalert.consumer.delivery.AlertLine;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs one message and says how it went: 2xx sent; 408, 429, 5xx, timeouts and connection errors
 * worth a retry (with the destination's {@code Retry-After}); anything else refused. Redirects are
 * not followed (a webhook that moved must be reconfigured, and following one would re-send the
 * signed body elsewhere). Shared by the webhook, Slack and Teams channels.
 */
final class HttpPoster {

    /** Enough of an error body to see the reason (Slack answers e.g. {@code invalid_payload}). */
    private static final int ERROR_BODY_LIMIT = 200;

    private final HttpClient client;
    private final Clock clock;

    HttpPoster(HttpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    Outcome post(URI url, String contentType, byte[] body, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .header("User-Agent", Channels.USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            return new Outcome.Retry(0, "could not connect within " + timeout.toSeconds() + "s", null);
        } catch (HttpTimeoutException e) {
            return new Outcome.Retry(0, "no response within " + timeout.toSeconds() + "s", null);
        } catch (ConnectException e) {
            return new Outcome.Retry(0, "connection failed: " + describe(e), null);
        } catch (IOException e) {
            return new Outcome.Retry(0, describe(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Retry(0, "interrupted while sending", null);
        }
        int status = response.statusCode();
        String reason = reason(response);
        if (status >= 200 && status < 300) {
            return new Outcome.Sent(status);
        }
        String error = "HTTP " + status + (reason.isEmpty() ? "" : ": " + reason);
        if (status == 408 || status == 429 || status >= 500) {
            return new Outcome.Retry(
                    status,
                    error,
                    RetryAfter.parse(
                            response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
        }
        return new Outcome.Refused(status, error);
    }

    /** The start of the response body as one safe line; the rest is discarded unread. */
    private static String reason(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            byte[] start = in.readNBytes(ERROR_BODY_LIMIT);
            return AlertLine.safe(new String(start, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "";
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        // the JDK gives some I/O failures no message; the class then says what happened
        return AlertLine.safe(
                message == null || message.isBlank()
                        ? e.getClass().getSimpleName()
                        : e.getClass().getSimpleName() + ": " + message);
    }
}
