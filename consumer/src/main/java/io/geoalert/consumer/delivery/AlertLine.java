package io.geoalert.consumer.delivery;

import io.geoalert.model.Alert;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The one-line terminal form of an alert: time, severity, category, rule, title, matched terms. */
public final class AlertLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private AlertLine() {}

    public static String format(Alert alert, boolean colour) {
        String severity =
                String.format(Locale.ROOT, "%-8s", alert.severity().label().toUpperCase(Locale.ROOT));
        if (colour) {
            severity = switch (alert.severity()) {
                case CRITICAL -> "\u001b[1;31m" + severity + "\u001b[0m";
                case HIGH -> "\u001b[31m" + severity + "\u001b[0m";
                case MEDIUM -> "\u001b[33m" + severity + "\u001b[0m";
                case LOW -> "\u001b[36m" + severity + "\u001b[0m";
            };
        }
        String time = alert.detectedAt() == null
                ? "-"
                : TIME.format(alert.detectedAt().truncatedTo(ChronoUnit.SECONDS));
        return String.format(
                Locale.ROOT,
                "%s  %s  %-10s %-24s %s  [%s]",
                time,
                severity,
                safe(alert.category()),
                safe(alert.ruleId()),
                quote(alert.title()),
                safe(String.join(
                        ", ",
                        alert.matches().stream()
                                .map(Alert.Match::text)
                                .map(t -> t.toLowerCase(Locale.ROOT))
                                .distinct()
                                .toList())));
    }

    private static String quote(String title) {
        String t = safe(title);
        return "\"" + (t.length() > 110 ? t.substring(0, 109) + "…" : t) + "\"";
    }

    /**
     * Feed text made safe for a terminal: control characters (escape sequences among them)
     * and line breaks become spaces, so a headline can neither rewrite the screen nor forge lines.
     */
    public static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean unsafe = Character.isISOControl(cp)
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            out.appendCodePoint(unsafe ? ' ' : cp);
        });
        return out.toString().replaceAll(" {2,}", " ").trim();
    }
}
