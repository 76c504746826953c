package io.geoalert.streams.match;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.Condition;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A rule pack compiled into one matcher. Each item is tokenised once per field and scanned
 * once against every term of every rule ({@link TermIndex}); only the rules whose terms
 * occurred are then evaluated. Immutable and safe to share between threads.
 */
public final class RuleMatcher {

    /** One rule that fired, with the mentions that made it fire. */
    /**
     * One rule that fired, with the mentions that made it fire: the first {@link Alert#MAX_MATCHES} in
     * text order, and how many distinct mentions there were in all ({@code mentionCount}).
     */
    public record Hit(Rule rule, List<Alert.Match> matches, int mentionCount) {
        public Hit(Rule rule, List<Alert.Match> matches) {
            this(rule, matches, matches.size());
        }
    }

    /** A rule that threw while evaluated on an item: a bug, isolated so the other rules still run. */
    public record RuleFailure(Rule rule, RuntimeException error) {
    }

    /** What an item raised: the rules that fired, the entities it mentions, and any rule that failed. */
    public record Result(List<Hit> hits, List<String> entities, List<RuleFailure> failures) {
    }

    /** Why a rule fired on an item or did not: for {@code geoalert rules test}. */
    public record Explanation(Rule rule, boolean fired, List<Alert.Match> matches, String reason) {
    }

    static final String[] FIELDS = {"title", "body"};
    /**
     * The most mentions of one term in one item that rules look at (the earliest in the text). A real
     * article stays far below; a text built to repeat a term stops costing more past it.
     */
    public static final int MAX_MENTIONS_PER_TERM = 1_000;
    private static final int SHARE_FROM = 32;
    private static final Comparator<Occurrence> BY_POSITION =
            Comparator.comparingInt(Occurrence::field).thenComparingInt(Occurrence::start).thenComparingInt(Occurrence::end);
    private static final int ALL_FIELDS = 0b11;

    /** A mention of a term in one field: token span and character span. */
    record Occurrence(int termId, int field, int firstToken, int lastToken, int start, int end) {
    }

    /** A condition's result; the reason it failed is built only when asked, since matching never asks. */
    private record Outcome(boolean met, List<Occurrence> mentions, Supplier<String> why) {
        static final Supplier<String> MET = () -> "fired";

        static Outcome met(List<Occurrence> mentions) {
            return new Outcome(true, mentions, MET);
        }

        static Outcome unmet(List<Occurrence> mentions, Supplier<String> why) {
            return new Outcome(false, mentions, why);
        }
    }

    private interface Node {
        Outcome eval(Scan scan, int fields);
    }

    private record CompiledRule(Rule rule, Node condition) {
    }

    private final RulePack pack;
    private final TermIndex terms;
    private final List<CompiledRule> rules;
    private final int[][] rulesByTerm;
    private final int[] alwaysEvaluated;
    private final boolean[] isFalseFriend;
    private final int[][] entitiesByAlias;
    private final List<String> entityOrder;

    private RuleMatcher(RulePack pack, TermIndex terms, List<CompiledRule> rules, int[][] rulesByTerm,
                        int[] alwaysEvaluated, boolean[] isFalseFriend, int[][] entitiesByAlias, List<String> entityOrder) {
        this.pack = pack;
        this.terms = terms;
        this.rules = rules;
        this.rulesByTerm = rulesByTerm;
        this.alwaysEvaluated = alwaysEvaluated;
        this.isFalseFriend = isFalseFriend;
        this.entitiesByAlias = entitiesByAlias;
        this.entityOrder = entityOrder;
    }

    /** Compiles the enabled rules of a valid pack. */
    public static RuleMatcher compile(RulePack pack) {
        return new Compiler(pack).compile();
    }

    public RulePack pack() {
        return pack;
    }

    /** The number of distinct terms and vocabulary entries: for benchmarks and logs. */
    public String size() {
        return rules.size() + " rules, " + terms.size() + " terms, " + terms.vocabularySize() + " word forms";
    }

    public Result match(NewsItem item) {
        Scan scan = new Scan(item);
        List<Hit> hits = new ArrayList<>();
        List<RuleFailure> failures = List.of();
        for (int ruleIndex : candidates(scan)) {
            CompiledRule rule = rules.get(ruleIndex);
            try {
                Outcome outcome = rule.condition().eval(scan, ALL_FIELDS);
                if (outcome.met()) {
                    int[] count = new int[1];
                    List<Alert.Match> matches = scan.toMatches(outcome.mentions(), Alert.MAX_MATCHES, count);
                    hits.add(new Hit(rule.rule(), matches, count[0]));
                }
            } catch (RuntimeException e) {
                // one faulty rule must not cost the item the alerts of every other rule
                failures = failures.isEmpty() ? new ArrayList<>() : failures;
                failures.add(new RuleFailure(rule.rule(), e));
            }
        }
        return new Result(hits, scan.entities(), failures);
    }

    /** Evaluates every rule, fired or not, saying why. */
    public List<Explanation> explain(NewsItem item) {
        Scan scan = new Scan(item);
        List<Explanation> out = new ArrayList<>();
        for (CompiledRule rule : rules) {
            Outcome outcome = rule.condition().eval(scan, ALL_FIELDS);
            out.add(new Explanation(rule.rule(), outcome.met(), scan.toMatches(outcome.mentions(), Integer.MAX_VALUE, new int[1]),
                    outcome.why().get()));
        }
        return out;
    }

    private int[] candidates(Scan scan) {
        int[] out = alwaysEvaluated;
        int count = out.length;
        boolean copied = false;
        for (int termId : scan.termsSeen()) {
            int[] rulesOfTerm = rulesByTerm[termId];
            if (rulesOfTerm.length == 0) {
                continue;
            }
            if (!copied || count + rulesOfTerm.length > out.length) {
                out = Arrays.copyOf(out, Math.max(16, (count + rulesOfTerm.length) * 2));
                copied = true;
            }
            System.arraycopy(rulesOfTerm, 0, out, count, rulesOfTerm.length);
            count += rulesOfTerm.length;
        }
        Arrays.sort(out, 0, count);
        int unique = 0;
        for (int i = 0; i < count; i++) {
            if (unique == 0 || out[unique - 1] != out[i]) {
                out[unique++] = out[i];
            }
        }
        return Arrays.copyOf(out, unique);
    }

    /** One item, scanned: every term occurrence, with false friends applied. */
    private final class Scan {
        private final String[] texts = new String[2];
        private final Occurrences found = new Occurrences();
        private final FalseFriendSpans falseFriends = new FalseFriendSpans();
        private Map<Long, List<Occurrence>> shared;

        Scan(NewsItem item) {
            texts[0] = item.title() == null ? "" : item.title();
            texts[1] = item.body() == null ? "" : item.body();
            for (int field = 0; field < 2; field++) {
                int f = field;
                terms.scan(texts[field], (termId, first, last, start, end) -> {
                    found.add(termId, f, first, last, start, end);
                    if (isFalseFriend[termId]) {
                        falseFriends.add(f, first, last);
                    }
                });
            }
        }

        int[] termsSeen() {
            return found.terms();
        }

        /**
         * Mentions of a term in the given fields, leaving out those inside a false friend: the first
         * {@link #MAX_MENTIONS_PER_TERM} in text order. Long lists are computed once per item and shared by
         * every rule that asks, so a text repeating one term costs one walk, not one per rule.
         */
        List<Occurrence> mentions(int termId, int fields, boolean applyFalseFriends) {
            int at = found.head(termId);
            if (at < 0) {
                return List.of();
            }
            long key = ((long) termId << 3) | ((long) fields << 1) | (applyFalseFriends ? 1 : 0);
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
                if ((fields & (1 << found.field[at])) != 0 && !(applyFalseFriends && insideFalseFriend(at))) {
                    if (count == kept.length) {
                        kept = Arrays.copyOf(kept, count * 2);
                    }
                    kept[count++] = at;
                }
            }
            // the walk ran newest first: the earliest mentions are at the end
            int size = Math.min(count, MAX_MENTIONS_PER_TERM);
            List<Occurrence> out = new ArrayList<>(size);
            for (int i = count - 1; i >= count - size; i--) {
                int o = kept[i];
                out.add(new Occurrence(termId, found.field[o], found.first[o], found.last[o], found.start[o], found.end[o]));
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

        private boolean insideFalseFriend(int at) {
            return !isFalseFriend[found.term[at]] && falseFriends.covers(found.field[at], found.first[at], found.last[at]);
        }

        List<String> entities() {
            boolean[] named = null;
            for (int termId : found.terms()) {
                int[] entities = entitiesByAlias[termId];
                if (entities != null) {
                    if (named == null) {
                        named = new boolean[entityOrder.size()];
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
                    ordered.add(entityOrder.get(e));
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
                if (previous != null && previous.field() == o.field() && previous.start() == o.start() && previous.end() == o.end()) {
                    continue; // the same words matched by two terms of the rule: show them once
                }
                distinct++;
                if (out.size() < limit) {
                    out.add(new Alert.Match(terms.source(o.termId()), FIELDS[o.field()], o.start(), o.end(),
                            texts[o.field()].substring(o.start(), o.end())));
                }
                previous = o;
            }
            count[0] = distinct;
            return out;
        }
    }

    /** Turns conditions into evaluable nodes and builds the term-to-rule index. */
    private static final class Compiler {
        private final RulePack pack;
        private final TermIndex terms = new TermIndex();
        private final Map<String, Set<String>> groupsOf = new HashMap<>();
        private final Map<String, int[]> aliasTerms = new LinkedHashMap<>();
        private final Map<Integer, Set<String>> entitiesByAlias = new HashMap<>();
        private final Set<Integer> falseFriends = new LinkedHashSet<>();

        Compiler(RulePack pack) {
            this.pack = pack;
        }

        RuleMatcher compile() {
            pack.entities().forEach((name, def) -> {
                aliasTerms.put(name, def.aliases().stream().mapToInt(this::aliasTerm).toArray());
                def.members().forEach(m -> groupsOf.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(name));
            });
            pack.entities().forEach((name, def) -> {
                for (int alias : aliasTerms.get(name)) {
                    Set<String> named = entitiesByAlias.computeIfAbsent(alias, k -> new LinkedHashSet<>());
                    named.add(name);
                    named.addAll(def.members());
                }
            });
            for (String phrase : pack.falseFriends()) {
                falseFriends.add(terms.add(new Condition.Term(phrase, true, false)));
            }
            List<CompiledRule> compiled = new ArrayList<>();
            List<Set<Integer>> positives = new ArrayList<>();
            for (Rule rule : pack.rules()) {
                if (!rule.isEnabled()) {
                    continue;
                }
                Set<Integer> positive = new LinkedHashSet<>();
                Node node = node(rule.condition(), positive, false);
                compiled.add(new CompiledRule(rule, node));
                positives.add(positive);
            }
            terms.seal();

            List<List<Integer>> byTerm = new ArrayList<>();
            for (int t = 0; t < terms.size(); t++) {
                byTerm.add(new ArrayList<>(1));
            }
            List<Integer> always = new ArrayList<>();
            for (int r = 0; r < compiled.size(); r++) {
                if (positives.get(r).isEmpty()) {
                    always.add(r);
                }
                for (int termId : positives.get(r)) {
                    byTerm.get(termId).add(r);
                }
            }
            int[][] rulesByTerm = byTerm.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
            boolean[] mask = new boolean[terms.size()];
            falseFriends.forEach(t -> mask[t] = true);
            List<String> order = List.copyOf(pack.entities().keySet());
            int[][] entityIndexes = new int[terms.size()][];
            entitiesByAlias.forEach((termId, names) -> entityIndexes[termId] = names.stream().mapToInt(order::indexOf).toArray());
            return new RuleMatcher(pack, terms, List.copyOf(compiled), rulesByTerm,
                    always.stream().mapToInt(Integer::intValue).toArray(), mask, entityIndexes, order);
        }

        /** An alias is a term like any other: "=word" for that form only, "word*" for a prefix. */
        private int aliasTerm(String alias) {
            boolean exact = alias.startsWith("=");
            String text = exact ? alias.substring(1) : alias;
            return terms.add(new Condition.Term(text, exact, text.endsWith("*")));
        }

        private Node node(Condition condition, Set<Integer> positive, boolean negated) {
            if (condition instanceof Condition.Term term) {
                int id = terms.add(term);
                if (!negated) {
                    positive.add(id);
                }
                String why = "no mention of '" + term.text() + "'";
                Supplier<String> reason = () -> why;
                Outcome absent = Outcome.unmet(List.of(), reason);
                return (scan, fields) -> {
                    List<Occurrence> found = scan.mentions(id, fields, true);
                    return found.isEmpty() ? absent : Outcome.met(found);
                };
            }
            if (condition instanceof Condition.Entity entity) {
                int[] aliases = aliasesOf(Set.of(entity.name()));
                if (!negated) {
                    Arrays.stream(aliases).forEach(positive::add);
                }
                String why = "no mention of entity '" + entity.name() + "'";
                return entityNode(aliases, () -> why);
            }
            if (condition instanceof Condition.EntityType type) {
                Set<String> names = new LinkedHashSet<>();
                pack.entities().forEach((name, def) -> {
                    if (def.type().equals(type.type())) {
                        names.add(name);
                    }
                });
                int[] aliases = aliasesOf(names);
                if (!negated) {
                    Arrays.stream(aliases).forEach(positive::add);
                }
                String why = "no mention of any " + type.type();
                return entityNode(aliases, () -> why);
            }
            if (condition instanceof Condition.Any any) {
                Node[] children = any.children().stream().map(c -> node(c, positive, negated)).toArray(Node[]::new);
                int own = mask(any.fields());
                int min = any.min();
                return (scan, fields) -> {
                    int scope = own == 0 ? fields : own;
                    List<Occurrence> mentions = null;
                    Outcome[] outcomes = new Outcome[children.length];
                    for (int c = 0; c < children.length; c++) {
                        Outcome o = children[c].eval(scan, scope);
                        outcomes[c] = o;
                        if (o.met()) {
                            if (mentions == null) {
                                mentions = new ArrayList<>(o.mentions());
                            } else {
                                mentions.addAll(o.mentions());
                            }
                        }
                    }
                    if (mentions != null && mentions.size() >= min) {
                        return Outcome.met(mentions);
                    }
                    int count = mentions == null ? 0 : mentions.size();
                    return Outcome.unmet(mentions == null ? List.of() : mentions, count > 0
                            ? () -> "mentioned " + count + " times, needs " + min
                            : () -> "none of: " + java.util.Arrays.stream(outcomes).limit(4).map(o -> o.why().get())
                                    .collect(java.util.stream.Collectors.joining("; ")) + (outcomes.length > 4 ? "; …" : ""));
                };
            }
            if (condition instanceof Condition.All all) {
                Node[] children = all.children().stream().map(c -> node(c, positive, negated)).toArray(Node[]::new);
                int own = mask(all.fields());
                return (scan, fields) -> {
                    int scope = own == 0 ? fields : own;
                    List<Occurrence> mentions = new ArrayList<>();
                    for (Node child : children) {
                        Outcome o = child.eval(scan, scope);
                        if (!o.met()) {
                            return Outcome.unmet(mentions, o.why());
                        }
                        mentions.addAll(o.mentions());
                    }
                    return Outcome.met(mentions);
                };
            }
            if (condition instanceof Condition.None none) {
                Node[] children = none.children().stream().map(c -> node(c, positive, !negated)).toArray(Node[]::new);
                int own = mask(none.fields());
                return (scan, fields) -> {
                    int scope = own == 0 ? fields : own;
                    for (Node child : children) {
                        Outcome o = child.eval(scan, scope);
                        if (o.met()) {
                            Occurrence first = o.mentions().isEmpty() ? null : o.mentions().get(0);
                            return Outcome.unmet(List.of(), () -> first == null ? "excluded"
                                    : "excluded by '" + scan.texts[first.field()].substring(first.start(), first.end())
                                    + "' in " + FIELDS[first.field()] + " at " + first.start());
                        }
                    }
                    return Outcome.met(List.of());
                };
            }
            Condition.Near near = (Condition.Near) condition;
            Node left = node(near.left(), positive, negated);
            Node right = node(near.right(), positive, negated);
            int within = near.within();
            return (scan, fields) -> {
                Outcome l = left.eval(scan, fields);
                Outcome r = right.eval(scan, fields);
                if (!l.met() || !r.met()) {
                    return Outcome.unmet(List.of(), !l.met() ? l.why() : r.why());
                }
                List<Occurrence> pairs = Proximity.within(l.mentions(), r.mentions(), within);
                return pairs.isEmpty() ? Outcome.unmet(List.of(), () -> "mentions not within " + within + " words of each other")
                        : Outcome.met(pairs);
            };
        }

        private Node entityNode(int[] aliases, Supplier<String> why) {
            Outcome absent = Outcome.unmet(List.of(), why);
            return (scan, fields) -> {
                List<Occurrence> found = new ArrayList<>();
                for (int alias : aliases) {
                    found.addAll(scan.mentions(alias, fields, false));
                }
                return found.isEmpty() ? absent : Outcome.met(found);
            };
        }

        /** Alias terms of the entities and of every group they belong to (the E3 names France). */
        private int[] aliasesOf(Set<String> names) {
            Set<Integer> ids = new LinkedHashSet<>();
            for (String name : names) {
                Arrays.stream(aliasTerms.getOrDefault(name, new int[0])).forEach(ids::add);
                groupsOf.getOrDefault(name, Set.of()).forEach(g -> Arrays.stream(aliasTerms.get(g)).forEach(ids::add));
            }
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }

        private static int mask(Set<String> fields) {
            int mask = 0;
            for (String f : fields) {
                mask |= "title".equals(f) ? 1 : "body".equals(f) ? 2 : 0;
            }
            return mask;
        }
    }

}
