package io.geoalert.streams.match;

import java.util.Arrays;

/**
 * The term mentions found in one item, in parallel arrays with a chain per term, so that the
 * scan allocates no object per mention.
 */
final class Occurrences {

    int size;
    int[] term = new int[32];
    int[] field = new int[32];
    int[] first = new int[32];
    int[] last = new int[32];
    int[] start = new int[32];
    int[] end = new int[32];
    private int[] previous = new int[32];

    private int[] headKeys = new int[64];
    private int[] headValues = new int[64];
    private int distinct;
    private int[] distinctTerms = new int[16];

    Occurrences() {
        Arrays.fill(headKeys, -1);
    }

    void add(int termId, int inField, int firstToken, int lastToken, int from, int to) {
        if (size == term.length) {
            int n = size * 2;
            term = Arrays.copyOf(term, n);
            field = Arrays.copyOf(field, n);
            first = Arrays.copyOf(first, n);
            last = Arrays.copyOf(last, n);
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            previous = Arrays.copyOf(previous, n);
        }
        term[size] = termId;
        field[size] = inField;
        first[size] = firstToken;
        last[size] = lastToken;
        start[size] = from;
        end[size] = to;
        previous[size] = head(termId);
        putHead(termId, size);
        size++;
    }

    /** The latest mention of the term, or -1; earlier ones follow through {@link #previous(int)}. */
    int head(int termId) {
        int mask = headKeys.length - 1;
        for (int slot = mix(termId) & mask; headKeys[slot] != -1; slot = (slot + 1) & mask) {
            if (headKeys[slot] == termId) {
                return headValues[slot];
            }
        }
        return -1;
    }

    int previous(int index) {
        return previous[index];
    }

    /** How many distinct terms are mentioned. */
    int distinctCount() {
        return distinct;
    }

    /** The {@code i}-th distinct term mentioned, in first-seen order. */
    int distinctTerm(int i) {
        return distinctTerms[i];
    }

    /** The distinct terms mentioned, in first-seen order. */
    int[] terms() {
        return Arrays.copyOf(distinctTerms, distinct);
    }

    private void putHead(int termId, int index) {
        if ((distinct + 1) * 2 > headKeys.length) {
            int[] oldKeys = headKeys;
            int[] oldValues = headValues;
            headKeys = new int[oldKeys.length * 2];
            headValues = new int[oldKeys.length * 2];
            Arrays.fill(headKeys, -1);
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != -1) {
                    place(oldKeys[i], oldValues[i]);
                }
            }
        }
        if (!place(termId, index)) {
            if (distinct == distinctTerms.length) {
                distinctTerms = Arrays.copyOf(distinctTerms, distinct * 2);
            }
            distinctTerms[distinct++] = termId;
        }
    }

    /** Sets the head; returns true when the term was already there. */
    private boolean place(int termId, int index) {
        int mask = headKeys.length - 1;
        int slot = mix(termId) & mask;
        while (headKeys[slot] != -1 && headKeys[slot] != termId) {
            slot = (slot + 1) & mask;
        }
        boolean existed = headKeys[slot] == termId;
        headKeys[slot] = termId;
        headValues[slot] = index;
        return existed;
    }

    private static int mix(int x) {
        int h = x * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
