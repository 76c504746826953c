package io.geoalert.streams.match;

import io.geoalert.model.Alert;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.rules.EntityDef;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A rule pack compiled into one matcher ({@link RuleCompiler}). Each item is tokenised once per
 * field and scanned once against every term of every rule ({@link ItemScan} over the
 * {@link TermIndex}); only the rules whose terms occurred are then evaluated, each as a tree of
 * {@link Node}s. Immutable and safe to share between threads.
 */
public final class RuleMatcher {

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
    public record RuleFailure(Rule rule, RuntimeException error) {}

    /** What an item raised: the rules that fired, the entities it mentions, and any rule that failed. */
    public record Result(List<Hit> hits, List<String> entities, List<RuleFailure> failures) {}

    /** Why a rule fired on an item or did not: for {@code geoalert rules test}. */
    public record Explanation(Rule rule, boolean fired, List<Alert.Match> matches, String reason) {}

    static final String[] FIELDS = {"title", "body"};
    /**
     * The most mentions of one term in one item that rules look at (the earliest in the text). A real
     * article stays far below; a text built to repeat a term stops costing more past it.
     */
    public static final int MAX_MENTIONS_PER_TERM = 1_000;

    private static final int ALL_FIELDS = ItemScan.TITLE | ItemScan.BODY;

    private final RulePack pack;
    private final Lexicon lexicon;
    private final List<CompiledRule> rules;
    private final int[][] rulesByTerm;
    private final int[] alwaysEvaluated;

    RuleMatcher(RulePack pack, Lexicon lexicon, List<CompiledRule> rules, int[][] rulesByTerm, int[] alwaysEvaluated) {
        this.pack = pack;
        this.lexicon = lexicon;
        this.rules = rules;
        this.rulesByTerm = rulesByTerm;
        this.alwaysEvaluated = alwaysEvaluated;
    }

    /** Compiles the enabled rules of a valid pack. */
    public static RuleMatcher compile(RulePack pack) {
        return new RuleCompiler(pack).compile();
    }

    public RulePack pack() {
        return pack;
    }

    /**
     * The highest {@link EntityDef#weight} among the named entities of the
     * gazetteer, or 1 when none is named.
     */
    public double entityWeight(List<String> entities) {
        double weight = 0;
        for (String name : entities) {
            EntityDef def = pack.entities().get(name);
            if (def != null) {
                weight = Math.max(weight, def.weight());
            }
        }
        return weight == 0 ? EntityDef.DEFAULT_WEIGHT : weight;
    }

    /** The number of distinct terms and vocabulary entries: for benchmarks and logs. */
    public String size() {
        return rules.size() + " rules, " + lexicon.terms().size() + " terms, "
                + lexicon.terms().vocabularySize() + " word forms";
    }

    public Result match(NewsItem item) {
        ItemScan scan = new ItemScan(lexicon, item, false);
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
        ItemScan scan = new ItemScan(lexicon, item, true);
        List<Explanation> out = new ArrayList<>();
        for (CompiledRule rule : rules) {
            Outcome outcome = rule.condition().eval(scan, ALL_FIELDS);
            out.add(new Explanation(
                    rule.rule(),
                    outcome.met(),
                    scan.toMatches(outcome.mentions(), Integer.MAX_VALUE, new int[1]),
                    outcome.why().get()));
        }
        return out;
    }

    private int[] candidates(ItemScan scan) {
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
}
