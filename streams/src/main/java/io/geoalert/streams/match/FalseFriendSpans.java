package io.geoalert.streams.match;

import java.util.Arrays;

/**
 * The token spans of false-friend phrases found in an item ("nuclear family"), asked whether a
 * mention lies wholly inside one. Built in one pass and answered by binary search over spans sorted
 * by start with a running maximum of their ends, so an item full of false friends costs
 * O(n log n), not a rescan per mention.
 */
final class FalseFriendSpans {

    private final long[][] spans = {new long[0], new long[0]}; // per field: first << 32 | last
    private final int[] counts = new int[2];
    private int[][] firsts;
    private int[][] maxLastUpTo;

    void add(int field, int firstToken, int lastToken) {
        long[] fieldSpans = spans[field];
        if (counts[field] == fieldSpans.length) {
            spans[field] = fieldSpans = Arrays.copyOf(fieldSpans, Math.max(8, fieldSpans.length * 2));
        }
        fieldSpans[counts[field]++] = ((long) firstToken << 32) | (lastToken & 0xffffffffL);
        firsts = null;
    }

    /** True when some span of the field starts at or before {@code firstToken} and ends at or after {@code lastToken}. */
    boolean covers(int field, int firstToken, int lastToken) {
        if (counts[field] == 0) {
            return false;
        }
        if (firsts == null) {
            index();
        }
        int[] starts = firsts[field];
        int at = Arrays.binarySearch(starts, firstToken);
        if (at < 0) {
            at = -at - 2; // the last span starting before firstToken
        } else {
            while (at + 1 < starts.length && starts[at + 1] == firstToken) {
                at++;
            }
        }
        return at >= 0 && maxLastUpTo[field][at] >= lastToken;
    }

    private void index() {
        firsts = new int[2][];
        maxLastUpTo = new int[2][];
        for (int field = 0; field < 2; field++) {
            long[] sorted = Arrays.copyOf(spans[field], counts[field]);
            Arrays.sort(sorted);
            int[] starts = new int[sorted.length];
            int[] maxLast = new int[sorted.length];
            int running = Integer.MIN_VALUE;
            for (int i = 0; i < sorted.length; i++) {
                starts[i] = (int) (sorted[i] >>> 32);
                running = Math.max(running, (int) sorted[i]);
                maxLast[i] = running;
            }
            firsts[field] = starts;
            maxLastUpTo[field] = maxLast;
        }
    }
}
