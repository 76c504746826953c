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
 * Posts to a Microsoft Teams Workflows webhook: a message with one Adaptive Card (1.4). The title
 * opens the story (an {@code Action.OpenUrl}), facts give category, severity, rule, matched terms
 * and entities; a digest lists up to {@link #DIGEST_LIMIT} alerts. Feed text is escaped for the
 * Markdown subset that TextBlocks render.
 */
public final class TeamsChannel implements Channel {

    static final int DIGEST_LIMIT = 20;
    static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final HttpPoster poster;
    private final URI url;
    private final Duration timeout;

    TeamsChannel(HttpPoster poster, URI url, Duration timeout) {
        this.poster = poster;
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return "teams";
    }

    @Override
    public Outcome send(Delivery delivery) {
        return poster.post(url, "application/json; charset=utf-8", Json.toBytes(payload(delivery)), Map.of(), timeout);
    }

    static ObjectNode payload(Delivery delivery) {
        ObjectNode card = NODES.objectNode();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        if (delivery.test()) {
            body.add(text("**TEST — a test message from geoalert subscription " + escape(delivery.subscriptionId())
                            + "; not a real alert.**")
                    .put("color", "Attention"));
        }
        if (delivery.digest()) {
            List<Alert> alerts = delivery.alerts();
            body.add(text("geoalert digest: " + AlertText.count(alerts.size()))
                    .put("weight", "Bolder")
                    .put("size", "Medium"));
            for (Alert alert : AlertText.shown(alerts, DIGEST_LIMIT)) {
                ObjectNode item =
                        linked(alert, text(escape(AlertText.title(alert))).put("weight", "Bolder"));
                item.put("separator", true);
                ((ArrayNode) item.get("items"))
                        .add(text(escape(AlertText.severity(alert) + " · " + AlertText.category(alert) + " · "
                                        + AlertText.rule(alert) + " · terms: " + AlertText.terms(alert)
                                        + " · entities: " + AlertText.entities(alert)))
                                .put("isSubtle", true)
                                .put("spacing", "None"));
                body.add(item);
            }
            if (alerts.size() > DIGEST_LIMIT) {
                body.add(text("and " + (alerts.size() - DIGEST_LIMIT) + " more").put("isSubtle", true));
            }
        } else {
            Alert alert = delivery.alerts().get(0);
            body.add(linked(
                    alert,
                    text(escape(AlertText.title(alert))).put("weight", "Bolder").put("size", "Medium")));
            ObjectNode facts = NODES.objectNode().put("type", "FactSet");
            ArrayNode list = facts.putArray("facts");
            list.add(fact("Category", AlertText.category(alert)));
            list.add(fact("Severity", AlertText.severity(alert)));
            list.add(fact("Rule", AlertText.rule(alert)));
            list.add(fact("Matched terms", AlertText.terms(alert)));
            list.add(fact("Entities", AlertText.entities(alert)));
            body.add(facts);
            String story = AlertText.storyUrl(alert);
            if (story != null) {
                card.putArray("actions").add(openUrl(story).put("title", "Open story"));
            }
        }
        ObjectNode attachment = NODES.objectNode().put("contentType", CARD_TYPE);
        attachment.putNull("contentUrl");
        attachment.set("content", card);
        ObjectNode message = NODES.objectNode().put("type", "message");
        message.putArray("attachments").add(attachment);
        return message;
    }

    /**
     * Feed text made literal for the TextBlock Markdown subset: every character that can start
     * emphasis, a link, code, a heading, a quote or HTML is backslash-escaped, as are list markers at
     * the start. Control characters are already gone (see {@link AlertText}).
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\*_~`[]()#<>&|".indexOf(c) >= 0) {
                out.append('\\');
            } else if ((c == '-' || c == '+') && i == 0) {
                out.append('\\'); // "- x" at the start would render as a bullet
            } else if (c == '.' && i > 0 && allDigits(text, i)) {
                out.append('\\'); // "1. x" at the start would render as a numbered list
            }
            out.append(c);
        }
        return out.toString();
    }

    private static boolean allDigits(String text, int end) {
        for (int i = 0; i < end; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A container holding {@code title}, opening the story when clicked (when it has a safe URL). */
    private static ObjectNode linked(Alert alert, ObjectNode title) {
        ObjectNode container = NODES.objectNode().put("type", "Container");
        container.putArray("items").add(title);
        String story = AlertText.storyUrl(alert);
        if (story != null) {
            container.set("selectAction", openUrl(story));
        }
        return container;
    }

    private static ObjectNode openUrl(String url) {
        return NODES.objectNode().put("type", "Action.OpenUrl").put("url", url);
    }

    private static ObjectNode text(String markdown) {
        return NODES.objectNode().put("type", "TextBlock").put("text", markdown).put("wrap", true);
    }

    private static ObjectNode fact(String title, String value) {
        return NODES.objectNode().put("title", title).put("value", escape(value));
    }
}
