package io.geoalert.app.ops;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, for checking dashboards and alert rules against what
 * the services export. A small lexer, not a parser: it drops string literals, label matchers
 * ({@code {...}}), range and subquery selectors ({@code [...]}), the label lists of {@code by},
 * {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right}, and
 * Grafana variables; what is left that names something and is not a function call, keyword or
 * number is a metric name. {@code label_values(metric, label)} (a Grafana variable query) gives its
 * metric.
 */
final class PromQlNames {

    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*([^,)]+)\\s*,[^)]*\\)\\s*$");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan",
            "Inf",
            "NaN");

    private PromQlNames() {}

    static Set<String> of(String expression) {
        String expr = expression;
        Matcher labelValues = LABEL_VALUES.matcher(expr);
        if (labelValues.matches()) {
            expr = labelValues.group(1);
        }
        expr = STRINGS.matcher(expr).replaceAll(" ");
        expr = remove(expr, '{', '}');
        expr = remove(expr, '[', ']');
        expr = LABEL_LISTS.matcher(expr).replaceAll(" ");
        expr = expr.replaceAll("\\$\\{?[a-zA-Z0-9_]+\\}?", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(expr);
        while (m.find()) {
            String word = m.group();
            if (m.start() > 0 && Character.isDigit(expr.charAt(m.start() - 1))) {
                continue; // the unit of a number or duration: 5m, 1e3
            }
            int next = m.end();
            while (next < expr.length() && Character.isWhitespace(expr.charAt(next))) {
                next++;
            }
            boolean call = next < expr.length() && expr.charAt(next) == '(';
            if (!call && !KEYWORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    private static String remove(String text, char open, char close) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close && depth > 0) {
                depth--;
                if (depth == 0) {
                    out.append(' ');
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
