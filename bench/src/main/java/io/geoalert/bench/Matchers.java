package io.geoalert.bench;

import io.geoalert.model.NewsItem;
import io.geoalert.streams.match.RuleMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/** The three ways of matching the same rules that the benchmark compares. */
public final class Matchers {

    private Matchers() {}

    /** Which rules fire on an item. */
    public interface Approach {
        Set<String> matching(NewsItem item);
    }

    public static Approach geoalert(RuleMatcher matcher) {
        return item -> matcher.match(item).hits().stream()
                .map(h -> h.rule().id())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Lucene Monitor with one query per rule over one text field (title and body). */
    public static final class LuceneMonitor implements Approach, AutoCloseable {
        private static final String FIELD = "text";
        private final Monitor monitor;

        public LuceneMonitor(List<SyntheticCorpus.GenRule> rules) {
            try {
                monitor = new Monitor(new StandardAnalyzer());
                List<MonitorQuery> queries = new ArrayList<>();
                for (SyntheticCorpus.GenRule rule : rules) {
                    BooleanQuery.Builder query = new BooleanQuery.Builder();
                    query.add(anyOf(rule.any()), BooleanClause.Occur.MUST);
                    if (!rule.group().isEmpty()) {
                        query.add(anyOf(rule.group()), BooleanClause.Occur.MUST);
                    }
                    for (String excluded : rule.none()) {
                        query.add(phrase(excluded), BooleanClause.Occur.MUST_NOT);
                    }
                    queries.add(new MonitorQuery(rule.id(), query.build()));
                }
                monitor.register(queries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Query anyOf(List<String> terms) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            terms.forEach(t -> any.add(phrase(t), BooleanClause.Occur.SHOULD));
            return any.build();
        }

        private static Query phrase(String term) {
            String[] words = term.split(" ");
            return words.length == 1 ? new TermQuery(new Term(FIELD, words[0])) : new PhraseQuery(FIELD, words);
        }

        @Override
        public Set<String> matching(NewsItem item) {
            Document doc = new Document();
            doc.add(new TextField(FIELD, item.title() + "\n" + item.body(), Field.Store.NO));
            try {
                MatchingQueries<QueryMatch> matches = monitor.match(doc, QueryMatch.SIMPLE_MATCHER);
                return matches.getMatches().stream()
                        .map(QueryMatch::getQueryId)
                        .collect(Collectors.toCollection(TreeSet::new));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            monitor.close();
        }
    }

    /** One precompiled, case-insensitive, whole-word regular expression per rule part. */
    public static final class RegexPerRule implements Approach {
        private record Compiled(String id, Pattern any, Pattern group, Pattern none) {}

        private final List<Compiled> rules = new ArrayList<>();

        public RegexPerRule(List<SyntheticCorpus.GenRule> generated) {
            for (SyntheticCorpus.GenRule rule : generated) {
                rules.add(new Compiled(
                        rule.id(),
                        pattern(rule.any()),
                        rule.group().isEmpty() ? null : pattern(rule.group()),
                        rule.none().isEmpty() ? null : pattern(rule.none())));
            }
        }

        private static Pattern pattern(List<String> terms) {
            String alternatives = terms.stream()
                    .map(t -> String.join(
                            "[^\\p{L}\\p{N}]+",
                            List.of(t.split(" ")).stream().map(Pattern::quote).toList()))
                    .collect(Collectors.joining("|"));
            return Pattern.compile(
                    "(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }

        @Override
        public Set<String> matching(NewsItem item) {
            String text = item.title() + "\n" + item.body();
            Set<String> out = new TreeSet<>();
            for (Compiled rule : rules) {
                if (rule.any().matcher(text).find()
                        && (rule.group() == null || rule.group().matcher(text).find())
                        && (rule.none() == null || !rule.none().matcher(text).find())) {
                    out.add(rule.id());
                }
            }
            return out;
        }
    }

    /** Compares the approaches item by item; returns a line per disagreement (empty when all agree). */
    public static List<String> disagreements(List<NewsItem> items, Approach reference, Approach... others) {
        List<String> out = new ArrayList<>();
        for (NewsItem item : items) {
            Set<String> expected = reference.matching(item);
            for (int i = 0; i < others.length; i++) {
                Set<String> actual = others[i].matching(item);
                if (!expected.equals(actual)) {
                    out.add(item.id() + ": geoalert " + expected + " vs approach " + (i + 1) + " " + actual);
                }
            }
        }
        return out;
    }
}
