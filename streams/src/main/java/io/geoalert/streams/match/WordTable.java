package io.geoalert.streams.match;

import java.util.Map;

/**
 * A read-only open-addressing table from words to symbol ids that is probed straight from the
 * characters of a text, lower-casing ASCII on the fly, so the hot path allocates no strings.
 */
final class WordTable {

    private static final int[] NONE = new int[0];

    private final char[][] keys;
    private final int[] hashes; // checked before a key is touched: most words of a text are not in the table
    private final int[][] values;
    private final int mask;
    // one bit per hash: a quick "certainly absent" for most words of a text, in a block small
    // enough to stay in the CPU cache while texts stream through
    private final long[] filter;
    private final int filterMask;

    WordTable(Map<String, int[]> entries) {
        // load about 0.5: probes stay short and the hash array small enough for the CPU caches
        int capacity = Integer.highestOneBit(Math.max(16, entries.size() * 2 - 1)) << 1;
        if (capacity / 2.0 >= entries.size() * 2 / 1.1) {
            capacity /= 2;
        }
        keys = new char[capacity][];
        hashes = new int[capacity];
        values = new int[capacity][];
        mask = capacity - 1;
        int filterBits = Integer.highestOneBit(Math.max(1024, entries.size() * 4 - 1)) << 1;
        filter = new long[filterBits >>> 6];
        filterMask = filterBits - 1;
        entries.forEach((word, symbols) -> {
            int hash = hash(word, 0, word.length());
            int slot = hash & mask;
            while (hashes[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = word.toCharArray();
            hashes[slot] = hash;
            int bit = (hash >>> 7) & filterMask;
            filter[bit >>> 6] |= 1L << bit;
            values[slot] = symbols;
        });
    }

    int size() {
        int n = 0;
        for (char[] key : keys) {
            n += key == null ? 0 : 1;
        }
        return n;
    }

    /** Symbols of the ASCII word {@code text[from, to)}, compared case-insensitively; empty when unknown. */
    int[] lookupAscii(char[] text, int from, int to, int hash) {
        int bit = (hash >>> 7) & filterMask;
        if ((filter[bit >>> 6] & (1L << bit)) == 0) {
            return NONE;
        }
        int length = to - from;
        for (int slot = hash & mask; hashes[slot] != 0; slot = (slot + 1) & mask) {
            if (hashes[slot] == hash) {
                char[] key = keys[slot];
                if (key.length == length && equalsLowered(key, text, from)) {
                    return values[slot];
                }
            }
        }
        return NONE;
    }

    /** Symbols of an already normalised word. */
    int[] lookup(String word) {
        return lookupAscii(word.toCharArray(), 0, word.length(), hash(word, 0, word.length()));
    }

    private static boolean equalsLowered(char[] key, char[] text, int from) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != lower(text[from + i])) {
                return false;
            }
        }
        return true;
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** The hash {@link #lookupAscii} expects: String's hash of the lower-cased characters. */
    static int hash(String text, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + lower(text.charAt(i));
        }
        return spread(h);
    }

    /**
     * Mixes String's weak hash so that similar short words spread over the table; the top bit
     * is set so that 0 can mark an empty slot (slots use only the low bits).
     */
    static int spread(int h) {
        int mixed = h * 0x9E3779B9;
        return (mixed ^ (mixed >>> 15)) | 0x80000000;
    }
}
