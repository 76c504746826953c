package io.geoalert.streams.match;

import io.geoalert.streams.rules.Condition;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns a rule pack into a {@link RuleMatcher}: every term into the {@link TermIndex}, every
 * condition into an evaluable {@link Node} (one visit per kind of {@link Condition}, so a new kind
 * fails to compile until it is handled here), and the index from terms to the rules they can fire.
 */
final class RuleCompiler {
    private final RulePack pack;
    private final TermIndex terms = new TermIndex();
    private final Map<String, Set<String>> groupsOf = new HashMap<>();
    private final Map<String, int[]> aliasTerms = new LinkedHashMap<>();
    private final Map<Integer, Set<String>> entitiesByAlias = new HashMap<>();
    private final Set<Integer> falseFriends = new LinkedHashSet<>();

    RuleCompiler(RulePack pack) {
        this.pack = pack;
    }

    RuleMatcher compile() {
        pack.entities().forEach((name, def) -> {
            aliasTerms.put(
                    name, def.aliases().stream().mapToInt(this::aliasTerm).toArray());
            def.members()
                    .forEach(m -> groupsOf.computeIfAbsent(m, k -> new LinkedHashSet<>())
                            .add(name));
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
        int[][] rulesByTerm = byTerm.stream()
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        boolean[] mask = new boolean[terms.size()];
        falseFriends.forEach(t -> mask[t] = true);
        List<String> order = List.copyOf(pack.entities().keySet());
        int[][] entityIndexes = new int[terms.size()][];
        entitiesByAlias.forEach((termId, names) ->
                entityIndexes[termId] = names.stream().mapToInt(order::indexOf).toArray());
        return new RuleMatcher(
                pack,
                new Lexicon(terms, mask, entityIndexes, order),
                List.copyOf(compiled),
                rulesByTerm,
                always.stream().mapToInt(Integer::intValue).toArray());
    }

    /** An alias is a term like any other: "=word" for that form only, "word*" for a prefix. */
    private int aliasTerm(String alias) {
        boolean exact = alias.startsWith("=");
        String text = exact ? alias.substring(1) : alias;
        return terms.add(new Condition.Term(text, exact, text.endsWith("*")));
    }

    private Node node(Condition condition, Set<Integer> positive, boolean negated) {
        return condition.accept(new NodeBuilder(positive, negated));
    }

    /** One node per kind of condition; {@code positive} collects the terms whose mention can make the rule fire. */
    private final class NodeBuilder implements Condition.Visitor<Node> {
        private final Set<Integer> positive;
        private final boolean negated;

        NodeBuilder(Set<Integer> positive, boolean negated) {
            this.positive = positive;
            this.negated = negated;
        }

        @Override
        public Node term(Condition.Term term) {
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

        @Override
        public Node entity(Condition.Entity entity) {
            int[] aliases = aliasesOf(Set.of(entity.name()));
            if (!negated) {
                Arrays.stream(aliases).forEach(positive::add);
            }
            String why = "no mention of entity '" + entity.name() + "'";
            return entityNode(aliases, () -> why);
        }

        @Override
        public Node entityType(Condition.EntityType type) {
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

        @Override
        public Node any(Condition.Any any) {
            Node[] children =
                    any.children().stream().map(c -> node(c, positive, negated)).toArray(Node[]::new);
            int own = mask(any.fields());
            int min = any.min();
            return (scan, fields) -> {
                int scope = own == 0 ? fields : own;
                JoinedMentions joined = new JoinedMentions();
                for (Node child : children) {
                    Outcome o = child.eval(scan, scope);
                    if (o.met()) {
                        joined.add(o.mentions());
                    }
                }
                List<Occurrence> mentions = joined.list();
                if (!mentions.isEmpty() && mentions.size() >= min) {
                    return Outcome.met(mentions);
                }
                if (!scan.explaining()) {
                    return Outcome.UNMET;
                }
                int count = mentions.size();
                // the reasons are asked for only to explain a miss: the children are evaluated again then
                return Outcome.unmet(
                        mentions,
                        count > 0
                                ? () -> "mentioned " + count + " times, needs " + min
                                : () -> noneOf(children, scan, scope));
            };
        }

        @Override
        public Node all(Condition.All all) {
            Node[] children =
                    all.children().stream().map(c -> node(c, positive, negated)).toArray(Node[]::new);
            int own = mask(all.fields());
            return (scan, fields) -> {
                int scope = own == 0 ? fields : own;
                JoinedMentions joined = new JoinedMentions();
                for (Node child : children) {
                    Outcome o = child.eval(scan, scope);
                    if (!o.met()) {
                        return scan.explaining() ? Outcome.unmet(joined.list(), o.why()) : Outcome.UNMET;
                    }
                    joined.add(o.mentions());
                }
                return Outcome.met(joined.list());
            };
        }

        @Override
        public Node none(Condition.None none) {
            Node[] children = none.children().stream()
                    .map(c -> node(c, positive, !negated))
                    .toArray(Node[]::new);
            int own = mask(none.fields());
            return (scan, fields) -> {
                int scope = own == 0 ? fields : own;
                for (Node child : children) {
                    Outcome o = child.eval(scan, scope);
                    if (o.met()) {
                        if (!scan.explaining()) {
                            return Outcome.UNMET;
                        }
                        Occurrence first =
                                o.mentions().isEmpty() ? null : o.mentions().get(0);
                        return Outcome.unmet(
                                List.of(),
                                () -> first == null
                                        ? "excluded"
                                        : "excluded by '"
                                                + scan.text(first.field()).substring(first.start(), first.end())
                                                + "' in " + RuleMatcher.FIELDS[first.field()] + " at " + first.start());
                    }
                }
                return Outcome.met(List.of());
            };
        }

        @Override
        public Node near(Condition.Near near) {
            Node left = node(near.left(), positive, negated);
            Node right = node(near.right(), positive, negated);
            int within = near.within();
            return (scan, fields) -> {
                Outcome l = left.eval(scan, fields);
                if (!l.met()) {
                    // the other side need not be looked up
                    return scan.explaining() ? Outcome.unmet(List.of(), l.why()) : Outcome.UNMET;
                }
                Outcome r = right.eval(scan, fields);
                if (!r.met()) {
                    return scan.explaining() ? Outcome.unmet(List.of(), r.why()) : Outcome.UNMET;
                }
                List<Occurrence> pairs = Proximity.within(l.mentions(), r.mentions(), within);
                if (!pairs.isEmpty()) {
                    return Outcome.met(pairs);
                }
                return scan.explaining()
                        ? Outcome.unmet(List.of(), () -> "mentions not within " + within + " words of each other")
                        : Outcome.UNMET;
            };
        }
    }

    private Node entityNode(int[] aliases, Supplier<String> why) {
        Outcome absent = Outcome.unmet(List.of(), why);
        AliasTerms lookup = new AliasTerms(aliases);
        return (scan, fields) -> {
            int[] mentioned = lookup.mentionedIn(scan);
            if (mentioned.length == 0) {
                return absent;
            }
            List<Occurrence> found = new ArrayList<>();
            for (int alias : mentioned) {
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
            groupsOf.getOrDefault(name, Set.of())
                    .forEach(g -> Arrays.stream(aliasTerms.get(g)).forEach(ids::add));
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int mask(Set<String> fields) {
        int mask = 0;
        for (String f : fields) {
            mask |= switch (f) {
                case "title" -> ItemScan.TITLE;
                case "body" -> ItemScan.BODY;
                case "lead" -> ItemScan.LEAD;
                default -> 0;
            };
        }
        return mask;
    }

    /**
     * Why no alternative held: the first few reasons, with a nested group's own "none of" list
     * read as part of this one and each reason said once.
     */
    private static String noneOf(Node[] children, ItemScan scan, int scope) {
        java.util.Set<String> reasons = new java.util.LinkedHashSet<>();
        for (int i = 0; i < Math.min(4, children.length); i++) {
            String why = children[i].eval(scan, scope).why().get();
            why = why.startsWith("none of: ") ? why.substring("none of: ".length()) : why;
            reasons.addAll(List.of(why.split("; ")));
        }
        boolean more = reasons.remove("…") || children.length > 4;
        return "none of: " + String.join("; ", reasons) + (more ? "; …" : "");
    }
}
