package io.geoalert.streams.match;

import java.util.ArrayList;
import java.util.List;

/**
 * A term or phrase of a rule, as a sequence of words; a word ending in {@code *} matches
 * any word it starts ({@code sanction*} matches sanctions, sanctioned). Matches whole words only.
 */
public final class TermPattern {

    private final String source;
    private final String[] words;
    private final boolean[] prefix;

    private TermPattern(String source, String[] words, boolean[] prefix) {
        this.source = source;
        this.words = words;
        this.prefix = prefix;
    }

    /**
     * Compiles a term.
     *
     * @throws IllegalArgumentException when the term holds no word
     */
    public static TermPattern compile(String term) {
        List<String> parts = new ArrayList<>();
        List<Boolean> prefixes = new ArrayList<>();
        for (String raw : term.trim().split("[^\\p{L}\\p{N}\\p{M}*]+")) {
            if (raw.isEmpty() || raw.equals("*")) {
                continue;
            }
            boolean isPrefix = raw.endsWith("*");
            String word = Tokenizer.normalise(raw.replace("*", ""));
            if (!word.isEmpty()) {
                parts.add(word);
                prefixes.add(isPrefix);
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("term '" + term + "' has no letters or digits");
        }
        boolean[] p = new boolean[prefixes.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = prefixes.get(i);
        }
        return new TermPattern(term.trim(), parts.toArray(String[]::new), p);
    }

    /** The term as written in the rule. */
    public String source() {
        return source;
    }

    /** Every place the term occurs in the tokens, as {@code [firstToken, lastToken]} index pairs. */
    public List<int[]> findIn(List<Token> tokens) {
        List<int[]> found = new ArrayList<>();
        for (int i = 0; i + words.length <= tokens.size(); i++) {
            if (matchesAt(tokens, i)) {
                found.add(new int[] {i, i + words.length - 1});
            }
        }
        return found;
    }

    private boolean matchesAt(List<Token> tokens, int at) {
        for (int w = 0; w < words.length; w++) {
            String token = tokens.get(at + w).norm();
            if (prefix[w] ? !token.startsWith(words[w]) : !token.equals(words[w])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return source;
    }
}
