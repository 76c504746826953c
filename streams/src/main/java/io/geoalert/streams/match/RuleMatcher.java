package io.geoalert.streams.match;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule pack compiled for matching: each item is tokenised once per field and every
 * enabled rule checked against the tokens. Immutable and safe to share between threads.
 */
public final class RuleMatcher {

    /** One rule that fired, with the terms that made it fire. */
    public record Hit(Rule rule, List<Alert.Match> matches) {
    }

    /** What an item raised: the rules that fired and the entities it mentions. */
    public record Result(List<Hit> hits, List<String> entities) {
    }

    private record CompiledRule(Rule rule, List<TermPattern> any, List<List<TermPattern>> all, List<TermPattern> none) {
    }

    private final List<CompiledRule> rules;
    private final Map<String, List<TermPattern>> entities;
    private final RulePack pack;

    private RuleMatcher(RulePack pack, List<CompiledRule> rules, Map<String, List<TermPattern>> entities) {
        this.pack = pack;
        this.rules = rules;
        this.entities = entities;
    }

    public static RuleMatcher compile(RulePack pack) {
        List<CompiledRule> compiled = new ArrayList<>();
        for (Rule rule : pack.rules()) {
            if (rule.isEnabled()) {
                compiled.add(new CompiledRule(rule, terms(rule.any()),
                        rule.all().stream().map(RuleMatcher::terms).toList(), terms(rule.none())));
            }
        }
        Map<String, List<TermPattern>> gazetteer = new LinkedHashMap<>();
        pack.entities().forEach((name, aliases) -> gazetteer.put(name, terms(aliases)));
        return new RuleMatcher(pack, List.copyOf(compiled), gazetteer);
    }

    private static List<TermPattern> terms(List<String> sources) {
        return sources.stream().map(TermPattern::compile).toList();
    }

    public RulePack pack() {
        return pack;
    }

    public Result match(NewsItem item) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("title", item.title() == null ? "" : item.title());
        texts.put("body", item.body() == null ? "" : item.body());
        Map<String, List<Token>> tokens = new LinkedHashMap<>();
        texts.forEach((field, text) -> tokens.put(field, Tokenizer.tokenize(text)));

        List<Hit> hits = new ArrayList<>();
        for (CompiledRule rule : rules) {
            List<Alert.Match> matches = evaluate(rule, texts, tokens);
            if (matches != null) {
                hits.add(new Hit(rule.rule(), matches));
            }
        }
        return new Result(hits, entitiesIn(tokens));
    }

    /** The matches that make the rule fire, or null when it does not. */
    private static List<Alert.Match> evaluate(CompiledRule rule, Map<String, String> texts, Map<String, List<Token>> tokens) {
        List<String> fields = rule.rule().fields();
        for (TermPattern term : rule.none()) {
            if (!find(term, fields, texts, tokens).isEmpty()) {
                return null;
            }
        }
        List<Alert.Match> matches = new ArrayList<>();
        for (TermPattern term : rule.any()) {
            matches.addAll(find(term, fields, texts, tokens));
        }
        if (!rule.any().isEmpty() && matches.isEmpty()) {
            return null;
        }
        for (List<TermPattern> group : rule.all()) {
            List<Alert.Match> groupMatches = new ArrayList<>();
            for (TermPattern term : group) {
                groupMatches.addAll(find(term, fields, texts, tokens));
            }
            if (groupMatches.isEmpty()) {
                return null;
            }
            matches.addAll(groupMatches);
        }
        matches.sort(java.util.Comparator.comparing((Alert.Match m) -> !m.field().equals("title"))
                .thenComparingInt(Alert.Match::start));
        return dedupe(matches);
    }

    private static List<Alert.Match> find(TermPattern term, List<String> fields,
                                          Map<String, String> texts, Map<String, List<Token>> tokens) {
        List<Alert.Match> found = new ArrayList<>();
        for (String field : fields) {
            List<Token> fieldTokens = tokens.get(field);
            for (int[] span : term.findIn(fieldTokens)) {
                int start = fieldTokens.get(span[0]).start();
                int end = fieldTokens.get(span[1]).end();
                found.add(new Alert.Match(term.source(), field, start, end, texts.get(field).substring(start, end)));
            }
        }
        return found;
    }

    private static List<Alert.Match> dedupe(List<Alert.Match> matches) {
        Set<String> seen = new LinkedHashSet<>();
        List<Alert.Match> out = new ArrayList<>();
        for (Alert.Match m : matches) {
            if (seen.add(m.field() + ':' + m.start() + ':' + m.end())) {
                out.add(m);
            }
        }
        return out;
    }

    private List<String> entitiesIn(Map<String, List<Token>> tokens) {
        List<String> found = new ArrayList<>();
        entities.forEach((name, aliases) -> {
            boolean mentioned = aliases.stream()
                    .anyMatch(alias -> tokens.values().stream().anyMatch(t -> !alias.findIn(t).isEmpty()));
            if (mentioned) {
                found.add(name);
            }
        });
        return found;
    }
}
