package io.geoalert.streams.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code near} test: which mentions on each side have a mention of the other side within
 * {@code within} words in the same field. Each side is sorted once and every mention looks only at
 * its nearest neighbours on the other side, so the cost is O(n log n) in the number of mentions
 * rather than one comparison per pair.
 */
final class Proximity {

    private static final Comparator<Occurrence> BY_FIELD_AND_START =
            Comparator.comparingInt(Occurrence::field).thenComparingInt(Occurrence::firstToken);

    private Proximity() {}

    /** The mentions of both sides that have a partner within range; empty when none has. */
    static List<Occurrence> within(List<Occurrence> left, List<Occurrence> right, int within) {
        Side l = new Side(left);
        Side r = new Side(right);
        List<Occurrence> out = new ArrayList<>();
        for (Occurrence a : l.sorted) {
            if (r.hasPartner(a, within)) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            return out;
        }
        for (Occurrence b : r.sorted) {
            if (l.hasPartner(b, within)) {
                out.add(b);
            }
        }
        return out;
    }

    /** One side, sorted by field and first token, with the furthest end reached so far. */
    private static final class Side {
        final Occurrence[] sorted;
        final int[] maxLastUpTo;

        Side(List<Occurrence> mentions) {
            sorted = mentions.toArray(Occurrence[]::new);
            Arrays.sort(sorted, BY_FIELD_AND_START);
            maxLastUpTo = new int[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                boolean sameField = i > 0 && sorted[i - 1].field() == sorted[i].field();
                maxLastUpTo[i] =
                        sameField ? Math.max(maxLastUpTo[i - 1], sorted[i].lastToken()) : sorted[i].lastToken();
            }
        }

        /**
         * Whether a mention here lies within range of {@code o}: the best partner starting at or before
         * {@code o} is the one reaching furthest; the best starting after it is the first one.
         */
        boolean hasPartner(Occurrence o, int within) {
            int after = firstStartingAfter(o.field(), o.firstToken());
            int before = after - 1;
            if (before >= 0 && sorted[before].field() == o.field()) {
                int gap = o.firstToken() - Math.min(o.lastToken(), maxLastUpTo[before]) - 1;
                if (gap <= within) {
                    return true;
                }
            }
            if (after < sorted.length && sorted[after].field() == o.field()) {
                Occurrence b = sorted[after];
                int gap = b.firstToken() - Math.min(o.lastToken(), b.lastToken()) - 1;
                return gap <= within;
            }
            return false;
        }

        /** The index of the first mention in {@code field} starting after {@code token} (or the end of that field). */
        private int firstStartingAfter(int field, int token) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                Occurrence m = sorted[mid];
                if (m.field() < field || (m.field() == field && m.firstToken() <= token)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
