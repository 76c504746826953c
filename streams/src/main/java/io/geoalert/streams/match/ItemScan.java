package io.geoalert.streams.match;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One item, scanned once against every term of the compiled rules: each occurrence with its field,
 * token span and character span, and the false-friend phrases that mask mentions inside them.
 * Rules then ask it for mentions; long lists are computed once and shared.
 */
final class ItemScan {

    /** Field scopes as bits: the headline, the body, and the body's lead (its opening words). */
    static final int TITLE = 1;

    static final int BODY = 2;
    static final int LEAD = 4;

    private static final int SHARE_FROM = 32;
    private static final Comparator<Occurrence> BY_POSITION = Comparator.comparingInt(Occurrence::field)
            .thenComparingInt(Occurrence::start)
            .thenComparingInt(Occurrence::end);
    private final String[] texts = new String[2];
    private final Occurrences found = new Occurrences();
    private final FalseFriendSpans falseFriends = new FalseFriendSpans();
    private Map<Long, List<Occurrence>> shared;

    private final Lexicon lexicon;
    private final boolean explaining;

    /** Scans the item; {@code explaining} when each condition not met must say why (matching never asks). */
    ItemScan(Lexicon lexicon, NewsItem item, boolean explaining) {
        this.lexicon = lexicon;
        this.explaining = explaining;
        texts[0] = item.title() == null ? "" : item.title();
        texts[1] = item.body() == null ? "" : item.body();
        for (int field = 0; field < 2; field++) {
            int f = field;
            lexicon.terms().scan(texts[field], (termId, first, last, start, end) -> {
                found.add(termId, f, first, last, start, end);
                if (lexicon.isFalseFriend()[termId]) {
                    falseFriends.add(f, first, last);
                }
            });
        }
    }

    /** Whether conditions not met say why and keep their partial mentions, as explaining a rule needs. */
    boolean explaining() {
        return explaining;
    }

    /** The text of a field (0 title, 1 body). */
    String text(int field) {
        return texts[field];
    }

    int[] termsSeen() {
        return found.terms();
    }

    /** How many distinct terms the item mentions; with {@link #termSeen(int)}, {@link #termsSeen()} without a copy. */
    int termsSeenCount() {
        return found.distinctCount();
    }

    int termSeen(int i) {
        return found.distinctTerm(i);
    }

    /**
     * Mentions of a term in the given fields, leaving out those inside a false friend: the first
     * {@link RuleMatcher#MAX_MENTIONS_PER_TERM} in text order. Long lists are computed once per item and shared by
     * every rule that asks, so a text repeating one term costs one walk, not one per rule.
     */
    List<Occurrence> mentions(int termId, int fields, boolean applyFalseFriends) {
        int at = found.head(termId);
        if (at < 0) {
            return List.of();
        }
        long key = ((long) termId << 4) | ((long) fields << 1) | (applyFalseFriends ? 1 : 0);
        if (shared != null) {
            List<Occurrence> known = shared.get(key);
            if (known != null) {
                return known;
            }
        }
        int[] kept = new int[4];
        int count = 0;
        int walked = 0;
        for (; at >= 0; at = found.previous(at)) {
            walked++;
            if (inScope(fields, at) && !(applyFalseFriends && insideFalseFriend(at))) {
                if (count == kept.length) {
                    kept = Arrays.copyOf(kept, count * 2);
                }
                kept[count++] = at;
            }
        }
        // the walk ran newest first: the earliest mentions are at the end
        int size = Math.min(count, RuleMatcher.MAX_MENTIONS_PER_TERM);
        List<Occurrence> out = new ArrayList<>(size);
        for (int i = count - 1; i >= count - size; i--) {
            int o = kept[i];
            out.add(new Occurrence(
                    termId, found.field[o], found.first[o], found.last[o], found.start[o], found.end[o]));
        }
        if (walked > SHARE_FROM) {
            if (shared == null) {
                shared = new HashMap<>();
            }
            out = List.copyOf(out);
            shared.put(key, out);
        }
        return out;
    }

    /** Whether a found mention lies in the scope: its whole field, or the lead for a mention in the body. */
    private boolean inScope(int fields, int at) {
        int field = found.field[at];
        return (fields & (1 << field)) != 0 || ((fields & LEAD) != 0 && field == 1 && found.last[at] < Rule.LEAD_WORDS);
    }

    private boolean insideFalseFriend(int at) {
        return !lexicon.isFalseFriend()[found.term[at]]
                && falseFriends.covers(found.field[at], found.first[at], found.last[at]);
    }

    List<String> entities() {
        boolean[] named = null;
        for (int termId : found.terms()) {
            int[] entities = lexicon.entitiesByAlias()[termId];
            if (entities != null) {
                if (named == null) {
                    named = new boolean[lexicon.entityOrder().size()];
                }
                for (int e : entities) {
                    named[e] = true;
                }
            }
        }
        if (named == null) {
            return List.of();
        }
        List<String> ordered = new ArrayList<>();
        for (int e = 0; e < named.length; e++) {
            if (named[e]) {
                ordered.add(lexicon.entityOrder().get(e));
            }
        }
        return ordered;
    }

    /** The first {@code limit} distinct mentions in text order; {@code count[0]} is set to how many there are. */
    List<Alert.Match> toMatches(List<Occurrence> occurrences, int limit, int[] count) {
        if (occurrences.isEmpty()) {
            count[0] = 0;
            return List.of();
        }
        Occurrence[] sorted = occurrences.toArray(Occurrence[]::new);
        Arrays.sort(sorted, BY_POSITION);
        List<Alert.Match> out = new ArrayList<>(Math.min(sorted.length, limit));
        Occurrence previous = null;
        int distinct = 0;
        for (Occurrence o : sorted) {
            if (previous != null
                    && previous.field() == o.field()
                    && previous.start() == o.start()
                    && previous.end() == o.end()) {
                continue; // the same words matched by two terms of the rule: show them once
            }
            distinct++;
            if (out.size() < limit) {
                out.add(new Alert.Match(
                        lexicon.terms().source(o.termId()),
                        RuleMatcher.FIELDS[o.field()],
                        o.start(),
                        o.end(),
                        texts[o.field()].substring(o.start(), o.end())));
            }
            previous = o;
        }
        count[0] = distinct;
        return out;
    }
}
