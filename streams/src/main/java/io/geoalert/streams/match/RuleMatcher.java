package io.geoalert.streams.match;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.Condition;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule pack compiled into one matcher. Each item is tokenised once per field and scanned
 * once against every term of every rule ({@link TermIndex}); only the rules whose terms
 * occurred are then evaluated. Immutable and safe to share between threads.
 */
public final class RuleMatcher {

    /** One rule that fired, with the mentions that made it fire. */
    public record Hit(Rule rule, List<Alert.Match> matches) {
    }

    /** What an item raised: the rules that fired and the entities it mentions. */
    public record Result(List<Hit> hits, List<String> entities) {
    }

    /** Why a rule fired on an item or did not: for {@code geoalert rules test}. */
    public record Explanation(Rule rule, boolean fired, List<Alert.Match> matches, String reason) {
    }

    static final String[] FIELDS = {"title", "body"};
    private static final int ALL_FIELDS = 0b11;

    /** A mention of a term in one field: token span and character span. */
    record Occurrence(int termId, int field, int firstToken, int lastToken, int start, int end) {
    }

    private record Outcome(boolean met, List<Occurrence> mentions, String why) {
        static final Outcome UNMET = new Outcome(false, List.of(), "");
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
    private final String[][] entitiesByAlias;
    private final List<String> entityOrder;

    private RuleMatcher(RulePack pack, TermIndex terms, List<CompiledRule> rules, int[][] rulesByTerm,
                        int[] alwaysEvaluated, boolean[] isFalseFriend, String[][] entitiesByAlias, List<String> entityOrder) {
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
        for (int ruleIndex : candidates(scan)) {
            CompiledRule rule = rules.get(ruleIndex);
            Outcome outcome = rule.condition().eval(scan, ALL_FIELDS);
            if (outcome.met()) {
                hits.add(new Hit(rule.rule(), scan.toMatches(outcome.mentions())));
            }
        }
        return new Result(hits, scan.entities());
    }

    /** Evaluates every rule, fired or not, saying why. */
    public List<Explanation> explain(NewsItem item) {
        Scan scan = new Scan(item);
        List<Explanation> out = new ArrayList<>();
        for (CompiledRule rule : rules) {
            Outcome outcome = rule.condition().eval(scan, ALL_FIELDS);
            out.add(new Explanation(rule.rule(), outcome.met(), scan.toMatches(outcome.mentions()),
                    outcome.met() ? "fired" : outcome.why()));
        }
        return out;
    }

    private int[] candidates(Scan scan) {
        BitSet touched = new BitSet(rules.size());
        for (int termId : scan.termsSeen()) {
            for (int rule : rulesByTerm[termId]) {
                touched.set(rule);
            }
        }
        for (int rule : alwaysEvaluated) {
            touched.set(rule);
        }
        return touched.stream().toArray();
    }

    /** One item, scanned: every term occurrence, with false friends applied. */
    private final class Scan {
        private final String[] texts = new String[2];
        private final Map<Integer, List<Occurrence>> byTerm = new HashMap<>();
        private final List<int[]> masked = new ArrayList<>(); // {field, firstToken, lastToken}

        Scan(NewsItem item) {
            texts[0] = item.title() == null ? "" : item.title();
            texts[1] = item.body() == null ? "" : item.body();
            for (int field = 0; field < 2; field++) {
                List<Token> tokens = Tokenizer.tokenize(texts[field]);
                int f = field;
                terms.scan(tokens, (termId, first, last) -> {
                    Occurrence o = new Occurrence(termId, f, first, last, tokens.get(first).start(), tokens.get(last).end());
                    byTerm.computeIfAbsent(termId, k -> new ArrayList<>(2)).add(o);
                    if (isFalseFriend[termId]) {
                        masked.add(new int[] {f, first, last});
                    }
                });
            }
        }

        Set<Integer> termsSeen() {
            return byTerm.keySet();
        }

        /** Mentions of a term in the given fields, leaving out those inside a false friend. */
        List<Occurrence> mentions(int termId, int fields, boolean applyFalseFriends) {
            List<Occurrence> all = byTerm.get(termId);
            if (all == null) {
                return List.of();
            }
            List<Occurrence> out = new ArrayList<>(all.size());
            for (Occurrence o : all) {
                if ((fields & (1 << o.field())) != 0 && !(applyFalseFriends && insideFalseFriend(o))) {
                    out.add(o);
                }
            }
            return out;
        }

        private boolean insideFalseFriend(Occurrence o) {
            for (int[] m : masked) {
                if (m[0] == o.field() && o.firstToken() >= m[1] && o.lastToken() <= m[2] && !isFalseFriend[o.termId()]) {
                    return true;
                }
            }
            return false;
        }

        List<String> entities() {
            Set<String> found = new LinkedHashSet<>();
            byTerm.keySet().stream().sorted().forEach(termId -> {
                if (entitiesByAlias[termId] != null) {
                    found.addAll(Arrays.asList(entitiesByAlias[termId]));
                }
            });
            return entityOrder.stream().filter(found::contains).toList();
        }

        List<Alert.Match> toMatches(List<Occurrence> occurrences) {
            Map<String, Alert.Match> unique = new LinkedHashMap<>();
            occurrences.stream()
                    .sorted(Comparator.comparingInt(Occurrence::field).thenComparingInt(Occurrence::start))
                    .forEach(o -> unique.putIfAbsent(o.field() + ":" + o.start() + ":" + o.end(), new Alert.Match(
                            terms.source(o.termId()), FIELDS[o.field()], o.start(), o.end(),
                            texts[o.field()].substring(o.start(), o.end()))));
            return List.copyOf(unique.values());
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
                aliasTerms.put(name, def.aliases().stream()
                        .mapToInt(a -> terms.add(new Condition.Term(a, false, a.endsWith("*")))).toArray());
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
                Node node = node(rule.condition(new ArrayList<>()), positive, false);
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
            String[][] entityNames = new String[terms.size()][];
            entitiesByAlias.forEach((termId, names) -> entityNames[termId] = names.toArray(String[]::new));
            return new RuleMatcher(pack, terms, List.copyOf(compiled), rulesByTerm,
                    always.stream().mapToInt(Integer::intValue).toArray(), mask, entityNames,
                    List.copyOf(pack.entities().keySet()));
        }

        private Node node(Condition condition, Set<Integer> positive, boolean negated) {
            if (condition instanceof Condition.Term term) {
                int id = terms.add(term);
                if (!negated) {
                    positive.add(id);
                }
                String source = term.text();
                return (scan, fields) -> {
                    List<Occurrence> found = scan.mentions(id, fields, true);
                    return found.isEmpty() ? new Outcome(false, List.of(), "no mention of '" + source + "'")
                            : new Outcome(true, found, "");
                };
            }
            if (condition instanceof Condition.Entity entity) {
                int[] aliases = aliasesOf(Set.of(entity.name()));
                if (!negated) {
                    Arrays.stream(aliases).forEach(positive::add);
                }
                return entityNode(aliases, "no mention of entity '" + entity.name() + "'");
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
                return entityNode(aliases, "no mention of any " + type.type());
            }
            if (condition instanceof Condition.Any any) {
                List<Node> children = any.children().stream().map(c -> node(c, positive, negated)).toList();
                int own = mask(any.fields());
                int min = any.min();
                return (scan, fields) -> {
                    int scope = own == 0 ? fields : own;
                    List<Occurrence> mentions = new ArrayList<>();
                    List<String> missing = new ArrayList<>();
                    boolean met = false;
                    for (Node child : children) {
                        Outcome o = child.eval(scan, scope);
                        if (o.met()) {
                            met = true;
                            mentions.addAll(o.mentions());
                        } else if (missing.size() < 4) {
                            missing.add(o.why());
                        }
                    }
                    if (met && mentions.size() >= min) {
                        return new Outcome(true, mentions, "");
                    }
                    return new Outcome(false, mentions, met
                            ? "mentioned " + mentions.size() + " times, needs " + min
                            : "none of: " + String.join("; ", missing) + (children.size() > missing.size() ? "; …" : ""));
                };
            }
            if (condition instanceof Condition.All all) {
                List<Node> children = all.children().stream().map(c -> node(c, positive, negated)).toList();
                int own = mask(all.fields());
                return (scan, fields) -> {
                    int scope = own == 0 ? fields : own;
                    List<Occurrence> mentions = new ArrayList<>();
                    for (Node child : children) {
                        Outcome o = child.eval(scan, scope);
                        if (!o.met()) {
                            return new Outcome(false, mentions, o.why());
                        }
                        mentions.addAll(o.mentions());
                    }
                    return new Outcome(true, mentions, "");
                };
            }
            if (condition instanceof Condition.None none) {
                List<Node> children = none.children().stream().map(c -> node(c, positive, !negated)).toList();
                int own = mask(none.fields());
                return (scan, fields) -> {
                    int scope = own == 0 ? fields : own;
                    for (Node child : children) {
                        Outcome o = child.eval(scan, scope);
                        if (o.met()) {
                            Occurrence first = o.mentions().isEmpty() ? null : o.mentions().get(0);
                            return new Outcome(false, List.of(), first == null ? "excluded"
                                    : "excluded by '" + scan.texts[first.field()].substring(first.start(), first.end())
                                    + "' in " + FIELDS[first.field()] + " at " + first.start());
                        }
                    }
                    return new Outcome(true, List.of(), "");
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
                    return new Outcome(false, List.of(), !l.met() ? l.why() : r.why());
                }
                List<Occurrence> pairs = new ArrayList<>();
                for (Occurrence a : l.mentions()) {
                    for (Occurrence b : r.mentions()) {
                        int gap = Math.max(a.firstToken(), b.firstToken()) - Math.min(a.lastToken(), b.lastToken()) - 1;
                        if (a.field() == b.field() && gap <= within) {
                            pairs.add(a);
                            pairs.add(b);
                        }
                    }
                }
                return pairs.isEmpty() ? new Outcome(false, List.of(), "mentions not within " + within + " words of each other")
                        : new Outcome(true, pairs, "");
            };
        }

        private Node entityNode(int[] aliases, String why) {
            return (scan, fields) -> {
                List<Occurrence> found = new ArrayList<>();
                for (int alias : aliases) {
                    found.addAll(scan.mentions(alias, fields, false));
                }
                return found.isEmpty() ? new Outcome(false, List.of(), why) : new Outcome(true, found, "");
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
