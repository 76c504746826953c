package io.geoalert.app;

import io.geoalert.consumer.delivery.AlertLine;
import io.geoalert.model.Json;
import io.geoalert.producer.corpus.Corpus;
import io.geoalert.streams.eval.Evaluation;
import io.geoalert.streams.eval.LabeledItem;
import io.geoalert.streams.eval.LabeledItems;
import io.geoalert.streams.match.RuleMatcher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code geoalert rules eval}: precision, recall and F1 of a rule pack on labeled items, per
 * category and per rule, with every miss and false alarm explained; exit 1 under a threshold.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Measure rules on labeled JSON lines: precision, recall and F1 per category and per rule, "
                    + "each miss and false alarm with the rules' explanation.",
            "A line is a NewsItem with \"expect\": [categories], or {\"ref\": \"file#position\", \"expect\": [...]} "
                    + "naming an item in the corpus folder (--corpus).",
            "Exit 1 when a category falls below --min-precision or --min-recall; 2 when a file cannot be read."
        })
final class RulesEvalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Labeled JSON-lines files.")
    List<Path> files;

    @Option(names = "--rules", paramLabel = "R", description = "Rule file (default: the bundled pack).")
    Path rules;

    @Option(
            names = "--corpus",
            paramLabel = "DIR",
            defaultValue = "../shared/corpora",
            description = "Folder that \"ref\" lines point into (default: ${DEFAULT-VALUE}).")
    Path corpus;

    @Option(names = "--min-precision", paramLabel = "P", description = "Fail when a category's precision is below P.")
    Double minPrecision;

    @Option(names = "--min-recall", paramLabel = "R", description = "Fail when a category's recall is below R.")
    Double minRecall;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = "--quiet", description = "Only the tables: no list of misses and false alarms.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        for (Double threshold : new Double[] {minPrecision, minRecall}) {
            if (threshold != null && (threshold < 0 || threshold > 1)) {
                System.err.println("geoalert rules eval: thresholds are between 0 and 1, not " + threshold);
                return 2;
            }
        }
        RuleMatcher matcher = RuleMatcher.compile(RulesCommand.load(rules));
        Corpus references = new Corpus(corpus);
        List<LabeledItem> items = new ArrayList<>();
        for (Path file : files) {
            try {
                items.addAll(LabeledItems.read(file, references::item));
            } catch (IOException e) {
                System.err.println("geoalert rules eval: " + e.getMessage());
                return 2;
            }
        }
        Evaluation.Report report = Evaluation.run(matcher, items);
        List<String> shortfalls = report.shortfalls(minPrecision, minRecall);
        if (json) {
            System.out.println(Json.toString(report));
        } else {
            print(report, System.out);
            shortfalls.forEach(s -> System.out.println("BELOW THRESHOLD: " + s));
        }
        return shortfalls.isEmpty() ? 0 : 1;
    }

    private void print(Evaluation.Report report, PrintStream out) {
        out.printf(
                "%d labeled items from %s, rules: %s%n%n",
                report.items(), files, rules == null ? "the bundled pack" : rules);
        out.printf(
                "%-12s %9s %5s %5s %5s %9s %7s %5s%n",
                "category", "positives", "tp", "fp", "fn", "precision", "recall", "f1");
        for (Evaluation.CategoryScore c : report.categories()) {
            out.printf(
                    "%-12s %9d %5d %5d %5d %9s %7s %5s%n",
                    c.category(),
                    c.positives(),
                    c.truePositives(),
                    c.falsePositives(),
                    c.falseNegatives(),
                    figure(c.precision()),
                    figure(c.recall()),
                    figure(c.f1()));
        }
        int width =
                report.rules().stream().mapToInt(r -> r.rule().length()).max().orElse(4);
        String row = "%-" + width + "s %-12s %6s %6s %6s %9s %7s %5s%n";
        out.printf("%n" + row, "rule", "category", "fired", "right", "wrong", "precision", "found", "f1");
        for (Evaluation.RuleScore r : report.rules()) {
            out.printf(
                    row,
                    r.rule(),
                    r.category(),
                    r.fired(),
                    r.right(),
                    r.wrong(),
                    figure(r.precision()),
                    figure(r.found()),
                    figure(r.f1()));
        }
        if (quiet) {
            return;
        }
        errors(out, "misses", report.misses());
        errors(out, "false alarms", report.falseAlarms());
    }

    private static void errors(PrintStream out, String heading, List<Evaluation.Mistake> errors) {
        out.printf("%n%s (%d)%n", heading, errors.size());
        for (Evaluation.Mistake e : errors) {
            out.printf("  %-10s %s  \"%s\"%n", e.category(), e.item(), AlertLine.safe(e.title()));
            e.because().forEach(b -> out.println("      " + AlertLine.safe(b)));
        }
    }

    private static String figure(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
