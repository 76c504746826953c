package io.geoalert.app.config;

import java.util.Collection;
import java.util.Optional;

/** The known key an unknown one most likely meant: a typo away, or the same name in its section. */
final class NearestKey {

    private NearestKey() {}

    static Optional<String> to(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(unknown, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // a few edits in a long key are a typo; as many in a short one are another word
        if (best != null && bestDistance <= Math.min(3, Math.max(1, unknown.length() / 4))) {
            return Optional.of(best);
        }
        // a key written without its section, e.g. story-window for streams.story-window
        return known.stream().filter(k -> k.endsWith("." + unknown)).sorted().findFirst();
    }

    /** Levenshtein distance: the fewest single-character edits that turn one string into the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
