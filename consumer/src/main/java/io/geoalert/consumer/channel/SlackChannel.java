package io.geoalert.consumer.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Posts to a Slack incoming webhook with Block Kit: the title linked to the story, then category,
 * severity, rule, matched terms and entities; a digest is one message with a section per alert (at
 * most {@link #DIGEST_LIMIT}, then "and N more"). All feed text is escaped as Slack requires
 * ({@code &}, {@code <}, {@code >}), so a headline can neither inject links nor {@code <!channel>}.
 */
public final class SlackChannel implements Channel {

    /** Alerts listed in one digest message; Slack allows 50 blocks a message. */
    static final int DIGEST_LIMIT = 20;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpPoster poster;
    private final URI url;
    private final Duration timeout;

    SlackChannel(HttpPoster poster, URI url, Duration timeout) {
        this.poster = poster;
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public Outcome send(Delivery delivery) {
        return poster.post(url, "application/json; charset=utf-8", Json.toBytes(payload(delivery)), Map.of(), timeout);
    }

    /** The message: {@code text} as the notification fallback, {@code blocks} as what is shown. */
    static ObjectNode payload(Delivery delivery) {
        ObjectNode message = NODES.objectNode();
        ArrayNode blocks = NODES.arrayNode();
        String prefix = delivery.test() ? "TEST — " : "";
        if (delivery.test()) {
            blocks.add(section("*TEST — a test message from geoalert subscription " + escape(delivery.subscriptionId())
                    + "; not a real alert.*"));
        }
        if (delivery.digest()) {
            List<Alert> alerts = delivery.alerts();
            message.put("text", prefix + "geoalert digest: " + AlertText.count(alerts.size()));
            blocks.add(section("*geoalert digest: " + AlertText.count(alerts.size()) + "*"));
            for (Alert alert : AlertText.shown(alerts, DIGEST_LIMIT)) {
                blocks.add(section("*" + link(alert) + "*\n"
                        + escape(AlertText.severity(alert) + " · " + AlertText.category(alert) + " · "
                                + AlertText.rule(alert))
                        + "\nTerms: " + escape(AlertText.terms(alert))
                        + " · Entities: " + escape(AlertText.entities(alert))));
            }
            if (alerts.size() > DIGEST_LIMIT) {
                blocks.add(context("and " + (alerts.size() - DIGEST_LIMIT) + " more"));
            }
        } else {
            Alert alert = delivery.alerts().get(0);
            message.put(
                    "text",
                    prefix
                            + escape(AlertText.severity(alert) + " " + AlertText.category(alert) + ": "
                                    + AlertText.title(alert)));
            blocks.add(section("*" + link(alert) + "*"));
            ObjectNode fields = NODES.objectNode().put("type", "section");
            ArrayNode list = fields.putArray("fields");
            list.add(mrkdwn("*Category*\n" + escape(AlertText.category(alert))));
            list.add(mrkdwn("*Severity*\n" + escape(AlertText.severity(alert))));
            list.add(mrkdwn("*Rule*\n" + escape(AlertText.rule(alert))));
            list.add(mrkdwn("*Matched terms*\n" + escape(AlertText.terms(alert))));
            list.add(mrkdwn("*Entities*\n" + escape(AlertText.entities(alert))));
            blocks.add(fields);
            String source = AlertText.source(alert);
            blocks.add(context((source.isEmpty() ? "" : escape(source) + " · ") + "alert "
                    + escape(AlertText.cap(alert.alertId() == null ? "-" : alert.alertId(), 100))));
        }
        message.set("blocks", blocks);
        return message;
    }

    /**
     * Feed text made inert for Slack's mrkdwn: the three characters Slack reserves for links and
     * mentions become entities. (Slack has no escape for {@code *} or {@code _}; they can only
     * style text, not link or notify.)
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code <url|title>}, or the title alone when the story has no safe URL. */
    private static String link(Alert alert) {
        String title = escape(AlertText.title(alert));
        String url = AlertText.storyUrl(alert);
        // a URI never holds a raw '<', '>' or '|'; '&' is escaped as Slack asks of URLs too
        return url == null ? title : "<" + escape(url) + "|" + title + ">";
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode block = NODES.objectNode().put("type", "section");
        block.set("text", mrkdwn(mrkdwn));
        return block;
    }

    private static ObjectNode context(String mrkdwn) {
        ObjectNode block = NODES.objectNode().put("type", "context");
        block.putArray("elements").add(mrkdwn(mrkdwn));
        return block;
    }

    private static ObjectNode mrkdwn(String text) {
        return NODES.objectNode().put("type", "mrkdwn").put("text", text);
    }
}
