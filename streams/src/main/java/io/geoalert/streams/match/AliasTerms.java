package io.geoalert.streams.match;

import java.util.Arrays;

/**
 * The alias terms of one entity condition, looked up from the item's side. An item mentions a few
 * dozen distinct terms while {@code entityType: state} has some six hundred aliases: asking each alias
 * whether the item names it was the largest single cost of matching (and an empty list copied per
 * alias the largest allocation of the stream thread).
 */
final class AliasTerms {

    private static final int[] NONE = new int[0];

    /** For each term id, its position among the aliases plus one; 0 for a term that is no alias. */
    private final int[] rank;

    AliasTerms(int[] aliases) {
        int max = Arrays.stream(aliases).max().orElse(-1);
        this.rank = new int[max + 1];
        for (int i = 0; i < aliases.length; i++) {
            if (rank[aliases[i]] == 0) {
                rank[aliases[i]] = i + 1;
            }
        }
    }

    /** The aliases the item mentions, in the order the condition lists them (so explanations stay stable). */
    int[] mentionedIn(ItemScan scan) {
        int seen = scan.termsSeenCount();
        int[] out = NONE;
        int count = 0;
        for (int i = 0; i < seen; i++) {
            int term = scan.termSeen(i);
            if (term < rank.length && rank[term] != 0) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, Math.max(4, count * 2));
                }
                // insertion by rank: an item names few aliases
                int at = count++;
                while (at > 0 && rank[out[at - 1]] > rank[term]) {
                    out[at] = out[at - 1];
                    at--;
                }
                out[at] = term;
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }
}
