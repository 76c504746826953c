package io.geoalert.producer.feed;

/**
 * Mends the commonest breakages of feeds in the wild before a second parse: a bare ampersand
 * becomes the entity for one, and namespace URIs padded with spaces are trimmed. Both passes scan the
 * text once, so a crafted document cannot make the repair slow (the regular expression it
 * replaces backtracked quadratically on long runs of whitespace).
 */
final class XmlHealer {

    private XmlHealer() {}

    static String heal(String xml) {
        return trimNamespaces(escapeBareAmpersands(xml));
    }

    /** An ampersand that does not start an entity (named, decimal or hex) becomes the entity for an ampersand. */
    static String escapeBareAmpersands(String xml) {
        int first = xml.indexOf('&');
        if (first < 0) {
            return xml;
        }
        StringBuilder out = new StringBuilder(xml.length() + 64).append(xml, 0, first);
        for (int i = first; i < xml.length(); i++) {
            char c = xml.charAt(i);
            out.append(c);
            if (c == '&' && !startsEntity(xml, i + 1)) {
                out.append("amp;");
            }
        }
        return out.toString();
    }

    /** Whether an entity reference's name and {@code ;} start at {@code at}; looks at most 34 characters ahead. */
    private static boolean startsEntity(String s, int at) {
        if (at >= s.length()) {
            return false;
        }
        char c = s.charAt(at);
        if (isAsciiLetter(c)) {
            int end = at + 1;
            while (end < s.length() && end - at <= 31 && isAsciiLetterOrDigit(s.charAt(end))) {
                end++;
            }
            return end < s.length() && s.charAt(end) == ';';
        }
        if (c != '#') {
            return false;
        }
        int start = at + 1;
        boolean hex = start < s.length() && (s.charAt(start) == 'x' || s.charAt(start) == 'X');
        if (hex) {
            start++;
        }
        int max = hex ? 6 : 7;
        int end = start;
        while (end < s.length() && end - start < max && (hex ? isHexDigit(s.charAt(end)) : isDigit(s.charAt(end)))) {
            end++;
        }
        return end > start && end < s.length() && s.charAt(end) == ';';
    }

    /**
     * {@code xmlns="  uri  "} and {@code xmlns:p='  uri '} lose the spaces inside the quotes. The
     * search for a closing quote never goes back over text already known to hold none, which is
     * what keeps the pass linear.
     */
    static String trimNamespaces(String xml) {
        StringBuilder out = null;
        int copied = 0;
        int quoteSearchFrom = -1;
        int quoteFound = -1;
        int i = xml.indexOf("xmlns");
        while (i >= 0) {
            int j = i + 5;
            if (j < xml.length() && xml.charAt(j) == ':') {
                int name = j + 1;
                while (name < xml.length() && isNameChar(xml.charAt(name))) {
                    name++;
                }
                j = name > j + 1 ? name : j; // "xmlns:" without a name: the '=' check below fails
            }
            j = skipSpace(xml, j);
            int next = i + 5;
            if (j < xml.length() && xml.charAt(j) == '=') {
                j = skipSpace(xml, j + 1);
                if (j < xml.length() && (xml.charAt(j) == '"' || xml.charAt(j) == '\'')) {
                    char quote = xml.charAt(j);
                    int from = j + 1;
                    int close;
                    if (quoteSearchFrom >= 0 && from >= quoteSearchFrom && from <= quoteFound) {
                        close = quoteFound;
                    } else {
                        close = from;
                        while (close < xml.length() && xml.charAt(close) != '"' && xml.charAt(close) != '\'') {
                            close++;
                        }
                        quoteSearchFrom = from;
                        quoteFound = close;
                    }
                    if (close < xml.length() && xml.charAt(close) == quote) {
                        int start = skipSpace(xml, from);
                        int end = close;
                        while (end > start && isSpace(xml.charAt(end - 1))) {
                            end--;
                        }
                        if (start != from || end != close) {
                            if (out == null) {
                                out = new StringBuilder(xml.length());
                            }
                            out.append(xml, copied, from)
                                    .append(xml, start, end)
                                    .append(quote);
                            copied = close + 1;
                        }
                        next = close + 1;
                    }
                }
            }
            i = xml.indexOf("xmlns", next);
        }
        return out == null ? xml : out.append(xml, copied, xml.length()).toString();
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code \s} of java.util.regex: ASCII whitespace only. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** {@code [\w.-]}. */
    private static boolean isNameChar(char c) {
        return isAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isAsciiLetter(c) || isDigit(c);
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
