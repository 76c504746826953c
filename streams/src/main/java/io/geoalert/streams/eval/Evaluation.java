package io.geoalert.streams.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.geoalert.model.Alert;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Scores a rule pack against labeled items: precision, recall and F1 per category, what each rule
 * contributes, and every miss and false alarm with the rules' own explanation. What an analyst
 * reads before pushing rules, and what the default pack's tests assert.
 */
public final class Evaluation {

    /**
     * How one category did. Precision is null when nothing fired, recall when nothing was expected.
     * The figures are in its JSON too.
     */
    public record CategoryScore(
            String category, int positives, int truePositives, int falsePositives, int falseNegatives) {

        @JsonProperty
        public Double precision() {
            int fired = truePositives + falsePositives;
            return fired == 0 ? null : truePositives / (double) fired;
        }

        @JsonProperty
        public Double recall() {
            return positives == 0 ? null : truePositives / (double) positives;
        }

        @JsonProperty
        public Double f1() {
            Double p = precision();
            Double r = recall();
            if (p == null || r == null) {
                return null;
            }
            return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
        }
    }

    /**
     * How one rule did: the items it fired on, how many of them belong to its category, and the
     * share of the category's labeled items it found.
     */
    public record RuleScore(String rule, String category, int fired, int right, int wrong, Double found) {

        /** The share of its alerts that were right; null when it never fired. */
        @JsonProperty
        public Double precision() {
            return fired == 0 ? null : right / (double) fired;
        }

        /** F1 of the rule's precision and the share of its category it found. */
        @JsonProperty
        public Double f1() {
            Double p = precision();
            if (p == null || found == null) {
                return null;
            }
            return p + found == 0 ? 0.0 : 2 * p * found / (p + found);
        }
    }

    /** A miss (expected, not raised) or a false alarm (raised, not expected), and why. */
    public record Mistake(String kind, String item, String title, String category, List<String> because) {}

    /** The whole evaluation. */
    public record Report(
            int items,
            List<CategoryScore> categories,
            List<RuleScore> rules,
            List<Mistake> misses,
            List<Mistake> falseAlarms) {

        /** Each category below a threshold, as "treaty recall 0.78 < 0.90"; a null threshold is not checked. */
        public List<String> shortfalls(Double minPrecision, Double minRecall) {
            List<String> out = new ArrayList<>();
            for (CategoryScore c : categories) {
                if (minPrecision != null && c.precision() != null && c.precision() < minPrecision) {
                    out.add(String.format(
                            Locale.ROOT, "%s precision %.2f < %.2f", c.category(), c.precision(), minPrecision));
                }
                if (minRecall != null && c.recall() != null && c.recall() < minRecall) {
                    out.add(String.format(Locale.ROOT, "%s recall %.2f < %.2f", c.category(), c.recall(), minRecall));
                }
            }
            return out;
        }

        public CategoryScore category(String name) {
            return categories.stream()
                    .filter(c -> c.category().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no category " + name));
        }
    }

    private Evaluation() {}

    public static Report run(RuleMatcher matcher, List<LabeledItem> items) {
        Set<String> categories = new TreeSet<>(matcher.pack().categories());
        items.forEach(i -> categories.addAll(i.expected()));
        Map<String, int[]> counts = new TreeMap<>(); // category -> positives, tp, fp, fn
        categories.forEach(c -> counts.put(c, new int[4]));
        Map<String, int[]> perRule = new LinkedHashMap<>(); // rule -> fired, right, wrong
        matcher.pack().rules().stream().filter(Rule::enabled).forEach(r -> perRule.put(r.id(), new int[3]));
        List<Mistake> misses = new ArrayList<>();
        List<Mistake> falseAlarms = new ArrayList<>();

        for (LabeledItem labeled : items) {
            List<RuleMatcher.Hit> hits = matcher.match(labeled.item()).hits();
            Set<String> raised =
                    hits.stream().map(h -> h.rule().category()).collect(Collectors.toCollection(TreeSet::new));
            for (RuleMatcher.Hit hit : hits) {
                int[] n = perRule.computeIfAbsent(hit.rule().id(), k -> new int[3]);
                n[0]++;
                n[labeled.expected().contains(hit.rule().category()) ? 1 : 2]++;
            }
            List<RuleMatcher.Explanation> explained = null;
            for (String category : categories) {
                int[] n = counts.get(category);
                boolean expected = labeled.expected().contains(category);
                boolean fired = raised.contains(category);
                n[0] += expected ? 1 : 0;
                if (expected && fired) {
                    n[1]++;
                } else if (fired) {
                    n[2]++;
                    explained = explained != null ? explained : matcher.explain(labeled.item());
                    falseAlarms.add(error("false alarm", labeled, category, explained, true));
                } else if (expected) {
                    n[3]++;
                    explained = explained != null ? explained : matcher.explain(labeled.item());
                    misses.add(error("miss", labeled, category, explained, false));
                }
            }
        }
        List<CategoryScore> scores = new ArrayList<>();
        counts.forEach((c, n) -> scores.add(new CategoryScore(c, n[0], n[1], n[2], n[3])));
        List<RuleScore> rules = new ArrayList<>();
        Map<String, String> categoryOf =
                matcher.pack().rules().stream().collect(Collectors.toMap(Rule::id, Rule::category, (a, b) -> a));
        perRule.forEach((id, n) -> {
            String category = categoryOf.get(id);
            int positives = counts.get(category)[0];
            rules.add(new RuleScore(id, category, n[0], n[1], n[2], positives == 0 ? null : n[1] / (double) positives));
        });
        return new Report(
                items.size(), List.copyOf(scores), List.copyOf(rules), List.copyOf(misses), List.copyOf(falseAlarms));
    }

    private static Mistake error(
            String kind, LabeledItem labeled, String category, List<RuleMatcher.Explanation> explained, boolean fired) {
        List<String> because = explained.stream()
                .filter(e -> e.rule().category().equals(category) && e.fired() == fired)
                .map(e -> fired
                        ? e.rule().id() + " fired on "
                                + e.matches().stream()
                                        .map(Evaluation::describe)
                                        .distinct()
                                        .limit(8)
                                        .collect(Collectors.joining(", "))
                        : e.rule().id() + " did not fire: " + e.reason())
                .toList();
        return new Mistake(kind, labeled.item().id(), labeled.item().title(), category, because);
    }

    private static String describe(Alert.Match m) {
        return "'" + m.text() + "' (" + m.field() + ")";
    }
}
