package io.geoalert.app;

import io.geoalert.consumer.delivery.AlertLine;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.producer.item.JsonLines;
import io.geoalert.streams.backtest.Backtest;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.reload.RuleRecord;
import io.geoalert.streams.reload.RulesTopic;
import io.geoalert.streams.rules.InvalidRulesException;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code geoalert rules ...}: check, try, publish and backtest rules. */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Check, try, measure, publish and backtest rules.",
        subcommands = {
            RulesCommand.Validate.class,
            RulesCommand.Test.class,
            RulesEvalCommand.class,
            RulesCommand.Push.class,
            RulesCommand.Backtests.class
        })
final class RulesCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static RulePack load(Path file) throws IOException {
        return file == null ? RulePack.defaults() : RulePack.load(file);
    }

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = "Check a rule file; every error names the rule and the line. Exit 1 when there are errors.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Rule file (YAML).")
        Path file;

        @Override
        public Integer call() throws IOException {
            try {
                RulePack pack = RulePack.load(file);
                System.out.printf(
                        "%s: OK, %d rules in categories %s, %d entities%n",
                        file,
                        pack.rules().size(),
                        pack.categories(),
                        pack.entities().size());
                return 0;
            } catch (InvalidRulesException e) {
                e.problems().forEach(System.out::println);
                System.out.printf("%s: %d error(s)%n", file, e.problems().size());
                return 1;
            }
        }
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = "Show which rules fire on a text or on a JSON-lines file of NewsItems, and why.")
    static final class Test implements Callable<Integer> {
        static final class Input {
            @Option(
                    names = "--text",
                    paramLabel = "T",
                    description = "Text to try (as the body; the first line also as the title).")
            String text;

            @Option(names = "--file", paramLabel = "F", description = "JSON-lines file of NewsItems.")
            Path file;
        }

        @ArgGroup(multiplicity = "1")
        Input input;

        @Option(names = "--rules", paramLabel = "FILE", description = "Rule file (default: the bundled pack).")
        Path rules;

        @Option(names = "--all", description = "Also list the rules that did not fire, with the reason.")
        boolean all;

        @Override
        public Integer call() throws IOException {
            RuleMatcher matcher = RuleMatcher.compile(load(rules));
            List<NewsItem> items = new ArrayList<>();
            if (input.text != null) {
                String title = input.text.lines().findFirst().orElse("");
                items.add(new NewsItem("text", "cli", title, null, input.text, null, null, null, null, null, null));
            } else {
                items.addAll(read(input.file));
            }
            for (NewsItem item : items) {
                System.out.printf("%s  \"%s\"%n", item.id(), AlertLine.safe(item.title()));
                List<String> entities = matcher.match(item).entities();
                System.out.println("  entities: " + (entities.isEmpty() ? "none" : String.join(", ", entities)));
                for (RuleMatcher.Explanation e : matcher.explain(item)) {
                    if (e.fired()) {
                        System.out.printf(
                                "  FIRED  %-24s %-10s %s%n",
                                e.rule().id(),
                                e.rule().category(),
                                e.matches().stream().map(RulesCommand::describe).collect(Collectors.joining(", ")));
                    } else if (all) {
                        System.out.printf(
                                "  -      %-24s %-10s %s%n",
                                e.rule().id(), e.rule().category(), AlertLine.safe(e.reason()));
                    }
                }
            }
            return 0;
        }
    }

    /** The file's items; a bad line stops the command, naming the line. */
    private static List<NewsItem> read(Path file) throws IOException {
        List<NewsItem> items = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            JsonLines lines = new JsonLines(in);
            for (JsonLines.Line line = lines.next(); line != null; line = lines.next()) {
                if (line instanceof JsonLines.Refusal refusal) {
                    throw new IOException(file + " line " + refusal.number() + ": "
                            + refusal.reason().getMessage());
                }
                if (line instanceof JsonLines.Item item) {
                    items.add(item.item());
                }
            }
        }
        return items;
    }

    static String describe(Alert.Match m) {
        return "'" + AlertLine.safe(m.text()) + "' (" + m.term() + ", " + m.field() + " " + m.start() + "-" + m.end()
                + ")";
    }

    @Command(
            name = "push",
            mixinStandardHelpOptions = true,
            description =
                    "Validate a rule file and publish its rules to geoalert.rules; running streams apply them without restart.")
    static final class Push implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Parameters(paramLabel = "FILE", description = "Rule file (YAML).")
        Path file;

        @Override
        public Integer call() throws IOException {
            RulePack pack;
            try {
                pack = RulePack.load(file);
            } catch (InvalidRulesException e) {
                e.problems().forEach(System.err::println);
                System.err.printf(
                        "geoalert rules push: %s has %d error(s); nothing published%n",
                        file, e.problems().size());
                return 1;
            }
            RulePack gazetteer = pack.withRules(List.of());
            try (RulesTopic topic = new RulesTopic(cluster.clients(), Clock.systemUTC())) {
                Map<String, RuleRecord> current = topic.readAll(Duration.ofSeconds(20));
                for (Rule rule : pack.rules()) {
                    RuleRecord written = topic.put(rule, gazetteer, current);
                    System.out.printf(
                            "published %s v%d (%s)%n",
                            written.id(), written.version(), written.rule().category());
                }
            }
            return 0;
        }
    }

    @Command(
            name = "backtest",
            mixinStandardHelpOptions = true,
            description =
                    "Replay the news retained in news.raw through candidate rules, without alerting, and report per rule.")
    static final class Backtests implements Callable<Integer> {
        @Mixin
        ClusterOptions cluster;

        @Parameters(paramLabel = "FILE", description = "Candidate rule file (YAML).")
        Path file;

        @Option(
                names = "--since",
                defaultValue = "7d",
                description = "How far back: 30m, 12h, 7d, or an ISO instant (default: ${DEFAULT-VALUE}).")
        String since;

        @Option(
                names = "--examples",
                defaultValue = "3",
                description = "Example titles per rule (default: ${DEFAULT-VALUE}).")
        int examples;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            RuleMatcher matcher = RuleMatcher.compile(load(file));
            Instant from = io.geoalert.model.TimeSpans.since(since, Instant.now());
            Backtest.Report report = Backtest.run(cluster.clients(), matcher, from, examples, Duration.ofMinutes(10));
            if (json) {
                System.out.println(Json.toString(report));
                return 0;
            }
            System.out.printf(
                    "backtest of %s on news.raw since %s: %d items read (%d unreadable) in %d ms%n",
                    file, report.since(), report.itemsRead(), report.unreadable(), report.millis());
            for (Backtest.RuleCount count : report.rules()) {
                System.out.printf(
                        "  %-28s %-10s fired on %d item(s)%n", count.ruleId(), count.category(), count.fired());
                count.examples().forEach(t -> System.out.printf("      e.g. \"%s\"%n", AlertLine.safe(t)));
            }
            return 0;
        }
    }
}
