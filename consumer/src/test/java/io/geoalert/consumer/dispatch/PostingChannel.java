package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.channel.Channel;
import io.geoalert.consumer.channel.Delivery;
import io.geoalert.consumer.channel.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain webhook for the dispatch tests: POSTs the alert JSON as read (a digest as
 * {@code {"alerts": [...]}}) with the delivery id and the alert id as idempotency key. 2xx is sent;
 * 408, 429, 5xx and I/O errors are retried (with the server's {@code Retry-After}); other answers refused.
 */
final class PostingChannel implements Channel {

    private final URI url;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PostingChannel(URI url) {
        this.url = url;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Outcome send(Delivery delivery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("X-Geoalert-Delivery", delivery.deliveryId())
                .header("X-Test-Attempt", Integer.toString(delivery.attempt()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(delivery)));
        if (!delivery.digest()) {
            request.header("Idempotency-Key", delivery.alerts().get(0).alertId());
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome.Sent(status);
            }
            if (status == 408 || status == 429 || status >= 500) {
                Duration after = response.headers()
                        .firstValue("Retry-After")
                        .map(s -> Duration.ofSeconds(Long.parseLong(s.trim())))
                        .orElse(null);
                return new Outcome.Retry(status, "HTTP " + status + " " + response.body(), after);
            }
            return new Outcome.Refused(status, "HTTP " + status + " " + response.body());
        } catch (IOException e) {
            return new Outcome.Retry(0, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Retry(0, "interrupted", null);
        }
    }

    private static byte[] body(Delivery delivery) {
        if (!delivery.digest()) {
            return delivery.alertJson().get(0);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"alerts\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < delivery.alertJson().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(delivery.alertJson().get(i));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
