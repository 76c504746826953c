package io.geoalert.streams.match;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * English inflected forms of a word, generated when rules are compiled so that documents never
 * need stemming: sanction → sanctions, sanctioned, sanctioning; treaty → treaties; snap → snapped.
 * Over-generation is harmless: a form that no text uses costs one vocabulary entry.
 */
final class Inflections {

    private Inflections() {}

    static Set<String> of(String word) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(word);
        int n = word.length();
        if (n < 3 || !word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return forms; // acronyms, numbers and non-English words stay as written
        }
        char last = word.charAt(n - 1);
        String stem = word.substring(0, n - 1);
        if (last == 'y' && !isVowel(word.charAt(n - 2))) {
            forms.add(stem + "ies");
            forms.add(stem + "ied");
            forms.add(word + "ing");
        } else if (last == 'e') {
            forms.add(word + "s");
            forms.add(word + "d");
            forms.add(stem + "ing");
        } else if (word.endsWith("s")
                || word.endsWith("x")
                || word.endsWith("z")
                || word.endsWith("ch")
                || word.endsWith("sh")) {
            forms.add(word + "es");
            forms.add(word + "ed");
            forms.add(word + "ing");
        } else {
            forms.add(word + "s");
            forms.add(word + "ed");
            forms.add(word + "ing");
            if (n <= 4
                    && !isVowel(last)
                    && last != 'w'
                    && last != 'x'
                    && last != 'y'
                    && isVowel(word.charAt(n - 2))
                    && !isVowel(word.charAt(n - 3))) {
                forms.add(word + last + "ed"); // snap → snapped
                forms.add(word + last + "ing"); // snap → snapping
            }
        }
        return forms;
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
    }
}
