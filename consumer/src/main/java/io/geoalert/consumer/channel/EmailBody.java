package io.geoalert.consumer.channel;

import io.geoalert.consumer.delivery.AlertLine;
import io.geoalert.model.Alert;
import java.util.List;

/**
 * The two renderings of an alert e-mail: plain text, and HTML with every piece of feed text escaped
 * (a headline holding {@code <script>} or an {@code <a href>} stays text) and links only to http(s)
 * story URLs.
 */
final class EmailBody {

    private EmailBody() {}

    static String plain(Delivery delivery, int limit) {
        StringBuilder out = new StringBuilder();
        if (delivery.test()) {
            out.append("TEST — a test message from geoalert subscription ")
                    .append(AlertText.cap(AlertLine.safe(delivery.subscriptionId()), 100))
                    .append("; not a real alert.\n\n");
        }
        List<Alert> alerts = delivery.alerts();
        if (delivery.digest()) {
            out.append("geoalert digest: ")
                    .append(AlertText.count(alerts.size()))
                    .append("\n\n");
            for (Alert alert : AlertText.shown(alerts, limit)) {
                out.append("- ")
                        .append(AlertText.severity(alert))
                        .append(' ')
                        .append(AlertText.category(alert))
                        .append(": ")
                        .append(AlertText.title(alert))
                        .append('\n');
                String url = AlertText.storyUrl(alert);
                if (url != null) {
                    out.append("  ").append(url).append('\n');
                }
                out.append("  rule ")
                        .append(AlertText.rule(alert))
                        .append(" · terms: ")
                        .append(AlertText.terms(alert))
                        .append(" · entities: ")
                        .append(AlertText.entities(alert))
                        .append('\n');
            }
            if (alerts.size() > limit) {
                out.append("\nand ").append(alerts.size() - limit).append(" more\n");
            }
            return out.toString();
        }
        Alert alert = alerts.get(0);
        out.append(AlertText.title(alert)).append('\n');
        String url = AlertText.storyUrl(alert);
        if (url != null) {
            out.append(url).append('\n');
        }
        out.append('\n');
        out.append("Category:      ").append(AlertText.category(alert)).append('\n');
        out.append("Severity:      ").append(AlertText.severity(alert)).append('\n');
        out.append("Rule:          ").append(AlertText.rule(alert)).append('\n');
        out.append("Matched terms: ").append(AlertText.terms(alert)).append('\n');
        out.append("Entities:      ").append(AlertText.entities(alert)).append('\n');
        String source = AlertText.source(alert);
        if (!source.isEmpty()) {
            out.append("Source:        ").append(source).append('\n');
        }
        return out.toString();
    }

    static String html(Delivery delivery, int limit) {
        StringBuilder out = new StringBuilder(
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body style=\"font-family:sans-serif\">\n");
        if (delivery.test()) {
            out.append("<p style=\"color:#b00000\"><strong>TEST — a test message from geoalert subscription ")
                    .append(escape(AlertText.cap(AlertLine.safe(delivery.subscriptionId()), 100)))
                    .append("; not a real alert.</strong></p>\n");
        }
        List<Alert> alerts = delivery.alerts();
        if (delivery.digest()) {
            out.append("<h2>geoalert digest: ")
                    .append(AlertText.count(alerts.size()))
                    .append("</h2>\n<ul>\n");
            for (Alert alert : AlertText.shown(alerts, limit)) {
                out.append("<li><strong>")
                        .append(escape(AlertText.severity(alert)))
                        .append("</strong> ")
                        .append(escape(AlertText.category(alert)))
                        .append(": ")
                        .append(titleLink(alert))
                        .append("<br><small>rule ")
                        .append(escape(AlertText.rule(alert)))
                        .append(" · terms: ")
                        .append(escape(AlertText.terms(alert)))
                        .append(" · entities: ")
                        .append(escape(AlertText.entities(alert)))
                        .append("</small></li>\n");
            }
            out.append("</ul>\n");
            if (alerts.size() > limit) {
                out.append("<p>and ").append(alerts.size() - limit).append(" more</p>\n");
            }
        } else {
            Alert alert = alerts.get(0);
            out.append("<h2>").append(titleLink(alert)).append("</h2>\n<table>\n");
            row(out, "Category", AlertText.category(alert));
            row(out, "Severity", AlertText.severity(alert));
            row(out, "Rule", AlertText.rule(alert));
            row(out, "Matched terms", AlertText.terms(alert));
            row(out, "Entities", AlertText.entities(alert));
            String source = AlertText.source(alert);
            if (!source.isEmpty()) {
                row(out, "Source", source);
            }
            out.append("</table>\n");
        }
        return out.append("</body></html>\n").toString();
    }

    /** Text safe in HTML content and in a double- or single-quoted attribute. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String titleLink(Alert alert) {
        String title = escape(AlertText.title(alert));
        String url = AlertText.storyUrl(alert);
        return url == null ? title : "<a href=\"" + escape(url) + "\">" + title + "</a>";
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append("<tr><th align=\"left\">")
                .append(name)
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>\n");
    }
}
