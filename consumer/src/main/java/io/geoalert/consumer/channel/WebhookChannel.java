package io.geoalert.consumer.channel;

import io.geoalert.model.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POSTs alerts to a subscriber's URL, signed. The body is the alert JSON exactly as on the alert
 * topic (a digest: {@code {"alerts": [...]}}), or a structured-mode CloudEvent carrying it as
 * {@code data}. See {@link WebhookSignature} for the signature and the README for the headers.
 */
public final class WebhookChannel implements Channel {

    /** How the body is shaped. */
    public enum Format {
        RAW,
        CLOUDEVENTS
    }

    static final String ALERT_EVENT = "io.geoalert.alert";
    static final String DIGEST_EVENT = "io.geoalert.alert.digest";
    static final String EVENT_SOURCE = "/geoalert";

    private final HttpPoster poster;
    private final URI url;
    private final List<String> secrets;
    private final Format format;
    private final Duration timeout;

    WebhookChannel(HttpPoster poster, URI url, List<String> secrets, Format format, Duration timeout) {
        if (secrets.isEmpty() || secrets.size() > 2) {
            throw new IllegalArgumentException("a webhook needs one or two secrets");
        }
        this.poster = poster;
        this.url = url;
        this.secrets = List.copyOf(secrets);
        this.format = format;
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Outcome send(Delivery delivery) {
        Instant now = poster.clock().instant();
        byte[] body = format == Format.CLOUDEVENTS ? cloudEvent(delivery, now) : raw(delivery);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSignature.HEADER, WebhookSignature.sign(body, now.getEpochSecond(), secrets));
        headers.put("X-Geoalert-Delivery", delivery.deliveryId());
        // a digest's alerts may each come again in another digest; the message itself is the unit
        headers.put(
                "Idempotency-Key",
                delivery.digest()
                        ? delivery.deliveryId()
                        : delivery.alerts().get(0).alertId());
        if (delivery.test()) {
            headers.put("X-Geoalert-Test", "true");
        }
        String contentType = format == Format.CLOUDEVENTS ? "application/cloudevents+json" : "application/json";
        return poster.post(url, contentType, body, headers, timeout);
    }

    /** The alert's own bytes, or {@code {"alerts":[...]}} around them: never re-serialised. */
    static byte[] raw(Delivery delivery) {
        return delivery.digest() ? alertArray(delivery) : delivery.alertJson().get(0);
    }

    private static byte[] alertArray(Delivery delivery) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"alerts\":[".getBytes(StandardCharsets.UTF_8));
        List<byte[]> alerts = delivery.alertJson();
        for (int i = 0; i < alerts.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(alerts.get(i));
        }
        out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * A CloudEvents 1.0 structured-mode JSON event. Written by hand around the raw alert bytes so
     * that {@code data} is exactly what the alert topic holds.
     */
    static byte[] cloudEvent(Delivery delivery, Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder("{");
        head.append("\"specversion\":\"1.0\"");
        head.append(",\"type\":").append(Json.toString(delivery.digest() ? DIGEST_EVENT : ALERT_EVENT));
        head.append(",\"source\":").append(Json.toString(EVENT_SOURCE));
        head.append(",\"id\":").append(Json.toString(delivery.deliveryId()));
        head.append(",\"time\":")
                .append(Json.toString(now.truncatedTo(ChronoUnit.MILLIS).toString()));
        head.append(",\"datacontenttype\":\"application/json\"");
        head.append(",\"data\":");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw(delivery));
        out.write('}');
        return out.toByteArray();
    }
}
