package io.geoalert.streams.match;

import java.util.List;

/**
 * What scanning an item needs from the compiled pack: the term index, which terms are false-friend
 * phrases, and which entities each alias term names (indexes into {@code entityOrder}).
 */
record Lexicon(TermIndex terms, boolean[] isFalseFriend, int[][] entitiesByAlias, List<String> entityOrder) {}
