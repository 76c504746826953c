package io.geoalert.consumer.channel;

import io.geoalert.consumer.delivery.AlertLine;
import io.geoalert.model.Alert;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The parts of an alert that the chat and e-mail channels show, as plain one-line text (control
 * characters and line breaks removed, length capped); each channel escapes it for its own markup.
 */
final class AlertText {

    static final int TITLE_LIMIT = 250;
    static final int LIST_LIMIT = 300;

    private AlertText() {}

    static String title(Alert alert) {
        String title = cap(AlertLine.safe(alert.title()), TITLE_LIMIT);
        return title.isEmpty() ? "(untitled)" : title;
    }

    static String severity(Alert alert) {
        return alert.severity() == null ? "-" : alert.severity().label().toUpperCase(Locale.ROOT);
    }

    static String category(Alert alert) {
        return orDash(cap(AlertLine.safe(alert.category()), 100));
    }

    static String rule(Alert alert) {
        return orDash(cap(AlertLine.safe(alert.ruleId()), 100));
    }

    /** The matched words as the story has them, each once, in lower case (as the terminal shows them). */
    static String terms(Alert alert) {
        return orDash(cap(
                AlertLine.safe(String.join(
                        ", ",
                        alert.matches().stream()
                                .map(Alert.Match::text)
                                .filter(t -> t != null && !t.isBlank())
                                .map(t -> t.toLowerCase(Locale.ROOT))
                                .distinct()
                                .toList())),
                LIST_LIMIT));
    }

    static String entities(Alert alert) {
        return orDash(cap(AlertLine.safe(String.join(", ", alert.entities())), LIST_LIMIT));
    }

    static String source(Alert alert) {
        return cap(AlertLine.safe(alert.source()), 100);
    }

    /**
     * The story's URL when it is an absolute http(s) URL, else null: a {@code javascript:} or
     * {@code data:} link from a feed must never become clickable.
     */
    static String storyUrl(Alert alert) {
        String url = alert.url();
        if (url == null || url.isBlank() || url.length() > 2000) {
            return null;
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri.toASCIIString();
            }
        } catch (URISyntaxException e) {
            // a URL the feed got wrong: the alert is shown without a link
        }
        return null;
    }

    /** "N alerts" or "1 alert". */
    static String count(int n) {
        return n + (n == 1 ? " alert" : " alerts");
    }

    static List<Alert> shown(List<Alert> alerts, int limit) {
        return alerts.size() <= limit ? alerts : alerts.subList(0, limit);
    }

    static String cap(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int end = limit - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        return text.substring(0, end) + "…";
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }
}
