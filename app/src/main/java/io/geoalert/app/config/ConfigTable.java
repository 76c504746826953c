package io.geoalert.app.config;

import java.util.List;

/** The keys as a reader wants them: a Markdown table (the README's) or plain text. */
public final class ConfigTable {

    /** Where the README's generated table starts and ends. */
    public static final String START = "<!-- config-keys:start -->";

    public static final String END = "<!-- config-keys:end -->";

    private ConfigTable() {}

    public static String markdown(List<ConfigKey> keys) {
        StringBuilder out = new StringBuilder();
        out.append("| key | option | environment | type | default | commands | description |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (ConfigKey key : keys) {
            out.append("| `")
                    .append(key.key())
                    .append("` | ")
                    .append(code(key.option()))
                    .append(" | ")
                    .append(key.env().isEmpty() ? "" : code(String.join("`, `", key.env())))
                    .append(" | ")
                    .append(cell(key.type()))
                    .append(" | ")
                    .append(code(key.defaultValue()))
                    .append(" | ")
                    .append(String.join(", ", key.commands()))
                    .append(" | ")
                    .append(cell(key.description()))
                    .append(" |\n");
        }
        return out.toString();
    }

    public static String text(List<ConfigKey> keys) {
        StringBuilder out = new StringBuilder();
        for (ConfigKey key : keys) {
            out.append(key.key()).append("  (").append(key.type());
            if (!key.defaultValue().isEmpty()) {
                out.append("; default ").append(key.defaultValue());
            }
            out.append(")\n");
            if (!key.option().isEmpty()) {
                out.append("    option ").append(key.option()).append('\n');
            }
            if (!key.env().isEmpty()) {
                out.append("    environment ")
                        .append(String.join(", ", key.env()))
                        .append('\n');
            }
            out.append("    commands ")
                    .append(String.join(", ", key.commands()))
                    .append('\n');
            out.append("    ").append(key.description()).append('\n');
        }
        return out.toString();
    }

    /**
     * The README with the table between {@link #START} and {@link #END} replaced by {@code table}.
     *
     * @throws IllegalArgumentException when the README lacks the markers
     */
    public static String intoReadme(String readme, String table) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the README has no " + START + " ... " + END + " markers");
        }
        return readme.substring(0, start + START.length()) + "\n" + table + readme.substring(end);
    }

    /** What the README has between the markers, as {@link #markdown} writes it. */
    public static String inReadme(String readme) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("the README has no " + START + " ... " + END + " markers");
        }
        return readme.substring(start + START.length() + 1, end);
    }

    private static String code(String text) {
        return text.isEmpty() ? "" : "`" + text + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
