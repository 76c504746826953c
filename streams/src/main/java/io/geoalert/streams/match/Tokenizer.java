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

    private Tokenizer() {
    }

    public static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!isWordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n && isWordChar(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            tokens.add(new Token(normalise(text.substring(start, i)), start, i));
        }
        return tokens;
    }

    /** The matching form of one word. */
    public static String normalise(String word) {
        String folded = Normalizer.normalize(word, Normalizer.Form.NFKC);
        String stripped = MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFD)).replaceAll("");
        return stripped.toLowerCase(Locale.ROOT);
    }

    private static boolean isWordChar(int cp) {
        // combining marks belong to the word they decorate
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }
}
