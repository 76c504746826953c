package io.geoalert.streams.match;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits text into words (runs of letters and digits) and normalises each for matching:
 * compatibility forms folded (full-width letters), diacritics removed, lower case.
 * Offsets stay those of the original text, so matches can be shown where they are.
 */
public final class Tokenizer {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private Tokenizer() {}

    public static List<Token> tokenize(String text) {
        return tokenize(text, Integer.MAX_VALUE);
    }

    /** The first {@code max} words of the text: reads no further than the last of them. */
    public static List<Token> tokenize(String text, int max) {
        List<Token> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        int n = text.length();
        int i = 0;
        while (i < n && tokens.size() < max) {
            char c = text.charAt(i);
            if (c < 128) {
                if (!isAsciiWordChar(c)) {
                    i++;
                    continue;
                }
            } else if (!isWordChar(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            int start = i;
            boolean ascii = true;
            while (i < n) {
                char d = text.charAt(i);
                if (d < 128) {
                    if (!isAsciiWordChar(d)) {
                        break;
                    }
                    i++;
                } else {
                    int cp = text.codePointAt(i);
                    if (!isWordChar(cp)) {
                        break;
                    }
                    ascii = false;
                    i += Character.charCount(cp);
                }
            }
            String word = text.substring(start, i);
            tokens.add(new Token(ascii ? asciiLower(word) : normalise(word), start, i));
        }
        return tokens;
    }

    /** The matching form of one word. */
    public static String normalise(String word) {
        boolean ascii = true;
        for (int i = 0; i < word.length() && ascii; i++) {
            ascii = word.charAt(i) < 128;
        }
        if (ascii) {
            return asciiLower(word);
        }
        String folded = Normalizer.normalize(word, Normalizer.Form.NFKC);
        String stripped =
                MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFD)).replaceAll("");
        return stripped.toLowerCase(Locale.ROOT);
    }

    private static String asciiLower(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = word.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    char d = chars[j];
                    if (d >= 'A' && d <= 'Z') {
                        chars[j] = (char) (d + 32);
                    }
                }
                return new String(chars);
            }
        }
        return word;
    }

    static boolean isAsciiWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean isWordChar(int cp) {
        // combining marks belong to the word they decorate
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }
}
