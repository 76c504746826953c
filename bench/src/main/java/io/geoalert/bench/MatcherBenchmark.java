package io.geoalert.bench;

import io.geoalert.model.NewsItem;
import io.geoalert.streams.match.RuleMatcher;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Items per second on one thread, on the same generated ~4 KB items and rules: the geoalert
 * matcher (entities and match offsets on), Lucene Monitor with equivalent queries, and one
 * precompiled regex per rule. Setup checks that all three agree and reports the heap the
 * compiled geoalert matcher takes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class MatcherBenchmark {

    @Param({"1000", "10000"})
    public int rules;

    private List<NewsItem> items;
    private RuleMatcher geoalert;
    private Matchers.LuceneMonitor lucene;
    private Matchers.RegexPerRule regex;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SyntheticCorpus corpus = SyntheticCorpus.generate(rules, 2000, 42);
        items = corpus.items;
        long before = usedHeap();
        geoalert = RuleMatcher.compile(corpus.pack());
        long after = usedHeap();
        System.out.printf(
                "%n[setup] geoalert matcher for %d rules: %s; heap %.1f MB%n",
                rules, geoalert.size(), (after - before) / 1e6);
        lucene = new Matchers.LuceneMonitor(corpus.rules);
        regex = new Matchers.RegexPerRule(corpus.rules);
        List<NewsItem> sample = items.subList(0, 100);
        List<String> disagreements = Matchers.disagreements(sample, Matchers.geoalert(geoalert), lucene, regex);
        long hits =
                sample.stream().mapToLong(i -> geoalert.match(i).hits().size()).sum();
        System.out.printf(
                "[setup] agreement on %d items (%d rule hits): %d disagreements%s%n",
                sample.size(),
                hits,
                disagreements.size(),
                disagreements.isEmpty() ? "" : ", e.g. " + disagreements.subList(0, Math.min(3, disagreements.size())));
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        lucene.close();
    }

    private NewsItem nextItem() {
        NewsItem item = items.get(next);
        next = next + 1 == items.size() ? 0 : next + 1;
        return item;
    }

    @Benchmark
    public int geoalertMatcher() {
        RuleMatcher.Result result = geoalert.match(nextItem());
        return result.hits().size() + result.entities().size();
    }

    @Benchmark
    public int luceneMonitor() {
        return lucene.matching(nextItem()).size();
    }

    @Benchmark
    public int regexPerRule() {
        return regex.matching(nextItem()).size();
    }
}
