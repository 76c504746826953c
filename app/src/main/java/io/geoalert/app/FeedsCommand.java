package io.geoalert.app;

import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.producer.feed.FeedParseException;
import io.geoalert.producer.feed.FeedParser;
import io.geoalert.producer.fetch.FetchException;
import io.geoalert.producer.fetch.PoliteFetcher;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code geoalert feeds check}: what a feed would publish, for integrators adding one. */
@Command(
        name = "feeds",
        mixinStandardHelpOptions = true,
        description = "Work with news feeds.",
        subcommands = FeedsCommand.Check.class)
final class FeedsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = {
                "Parse feeds (files or URLs) and print the NewsItems they would publish, as JSON lines.",
                "With --summary, one JSON line per source: source, ok, items, error, millis.",
                "Exit code 0 when every source parsed, 1 when any failed; one bad source never stops the others."
            })
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "SOURCE", arity = "1..*", description = "Feed files or http(s) URLs.")
        List<String> sources;

        @Option(names = "--summary", description = "One line per source instead of the items.")
        boolean summary;

        @Option(
                names = "--allow-private",
                description = "Allow URLs on loopback, private and link-local addresses (internal feeds).")
        boolean allowPrivate;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            PoliteFetcher fetcher = PoliteFetcher.defaults();
            boolean allOk = true;
            for (String source : sources) {
                long started = System.nanoTime();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("source", source);
                try {
                    FeedParser.ParsedFeed feed =
                            FeedParser.parse(fetcher.fetchOnce(source, allowPrivate), source, source);
                    if (!summary) {
                        for (NewsItem item : feed.items()) {
                            out.println(Json.toString(item));
                        }
                    }
                    line.put("ok", true);
                    line.put("items", feed.items().size());
                    line.put("error", null);
                } catch (FetchException | FeedParseException e) {
                    allOk = false;
                    line.put("ok", false);
                    line.put("items", 0);
                    line.put("error", e.getMessage());
                    if (!summary) {
                        System.err.println("geoalert feeds check: " + source + ": " + e.getMessage());
                    }
                }
                line.put("millis", (System.nanoTime() - started) / 1_000_000);
                if (summary) {
                    out.println(Json.toString(line));
                }
            }
            return allOk ? 0 : 1;
        }
    }
}
