package io.geoalert.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.geoalert.model.NewsItem;
import io.geoalert.model.Severity;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated, reproducible workload: rules of the shapes analysts write (alternatives, a
 * required group, an exclusion) over an invented vocabulary, and news items of about 4 KB that
 * mention some of their terms. Term words end in a vowel and filler words in a consonant, so
 * no word is an inflected or joined form of another and all three matchers must agree.
 */
public final class SyntheticCorpus {

    /** One generated rule: alternatives, an optional required group, optional exclusions. */
    public record GenRule(String id, List<String> any, List<String> group, List<String> none) {}

    private static final String[] TERM_SYLLABLES = {
        "ka", "lo", "me", "ru", "ti", "sa", "vo", "ni", "pa", "zu", "bo", "fi", "ga", "hu", "ji", "ko", "la", "mu",
        "no", "pi", "qua", "ro", "su", "ta", "vi", "wo", "xa", "yo", "za", "de"
    };
    private static final String[] FILLER_SYLLABLES = {
        "tak", "lem", "dor", "vin", "bar", "kel", "mon", "pet", "rul", "sim", "tor", "wen", "hap", "jum", "nir", "cot",
        "fen", "gal", "lop", "mer", "nab", "ver", "zop", "bet"
    };
    private static final String[] ENTITY_MENTIONS = {
        "Iran", "Moscow", "the UN Security Council", "Tehran", "Beijing", "the European Union", "NATO", "Kyiv"
    };

    public final List<GenRule> rules;
    public final List<NewsItem> items;
    private final RulePack pack;

    private SyntheticCorpus(List<GenRule> rules, List<NewsItem> items) {
        this.rules = rules;
        this.items = items;
        JsonNodeFactory json = JsonNodeFactory.instance;
        List<Rule> compiled = new ArrayList<>();
        for (GenRule r : rules) {
            List<JsonNode> all = new ArrayList<>();
            if (!r.group().isEmpty()) {
                ArrayNode group = json.arrayNode();
                r.group().forEach(group::add);
                all.add(group);
            }
            compiled.add(new Rule(
                    r.id(),
                    "bench",
                    Severity.MEDIUM,
                    null,
                    true,
                    1,
                    r.any().stream().<JsonNode>map(TextNode::new).toList(),
                    all,
                    r.none().stream().<JsonNode>map(TextNode::new).toList(),
                    null,
                    null));
        }
        this.pack = new RulePack(RulePack.defaults().entities(), List.of(), compiled, null);
    }

    /** The rules as a geoalert rule pack, with the default gazetteer so that entities are resolved. */
    public RulePack pack() {
        return pack;
    }

    public static SyntheticCorpus generate(int ruleCount, int itemCount, long seed) {
        Random random = new Random(seed);
        int poolSize = Math.max(2000, ruleCount * 3);
        List<String> pool = new ArrayList<>(new LinkedHashSet<>(words(random, TERM_SYLLABLES, 3, 3, poolSize * 2))
                .stream().limit(poolSize).toList());
        List<GenRule> rules = new ArrayList<>();
        for (int i = 0; i < ruleCount; i++) {
            int shape = random.nextInt(10);
            List<String> any = terms(random, pool, shape < 7 ? 3 + random.nextInt(3) : 2 + random.nextInt(2));
            List<String> group = shape >= 7 ? terms(random, pool, 2) : List.of();
            List<String> none = shape == 9 || shape == 3 ? terms(random, pool, 1) : List.of();
            rules.add(new GenRule("r" + i, any, group, none));
        }
        List<String> filler = new ArrayList<>(new LinkedHashSet<>(words(random, FILLER_SYLLABLES, 1, 3, 3000)));
        List<NewsItem> items = new ArrayList<>();
        for (int i = 0; i < itemCount; i++) {
            items.add(item(random, i, filler, rules));
        }
        return new SyntheticCorpus(rules, items);
    }

    private static List<String> terms(Random random, List<String> pool, int count) {
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) {
            int words = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(2);
            List<String> phrase = new ArrayList<>();
            for (int w = 0; w < words; w++) {
                phrase.add(pool.get(random.nextInt(pool.size())));
            }
            out.add(String.join(" ", phrase));
        }
        return List.copyOf(out);
    }

    private static List<String> words(Random random, String[] syllables, int min, int max, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = min + random.nextInt(max - min + 1);
            StringBuilder w = new StringBuilder();
            for (int s = 0; s < n; s++) {
                w.append(syllables[random.nextInt(syllables.length)]);
            }
            out.add(w.toString());
        }
        return out;
    }

    private static NewsItem item(Random random, int n, List<String> filler, List<GenRule> rules) {
        List<String> inserts = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            GenRule rule = rules.get(random.nextInt(rules.size()));
            inserts.add(rule.any().get(random.nextInt(rule.any().size())));
            if (!rule.group().isEmpty() && random.nextBoolean()) {
                inserts.add(rule.group().get(random.nextInt(rule.group().size())));
            }
        }
        for (int k = 0; k < 3; k++) {
            inserts.add(ENTITY_MENTIONS[random.nextInt(ENTITY_MENTIONS.length)]);
        }
        StringBuilder body = new StringBuilder(4200);
        int sentence = 0;
        while (body.length() < 4000) {
            String word = random.nextInt(25) == 0 && !inserts.isEmpty()
                    ? inserts.remove(inserts.size() - 1)
                    : filler.get(random.nextInt(filler.size()));
            if (sentence == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            body.append(word);
            sentence++;
            if (sentence > 12 && random.nextInt(4) == 0) {
                body.append(". ");
                sentence = 0;
            } else {
                body.append(random.nextInt(12) == 0 ? ", " : " ");
            }
        }
        for (String rest : inserts) {
            body.append(' ').append(rest);
        }
        String title = filler.get(random.nextInt(filler.size())) + " " + filler.get(random.nextInt(filler.size()));
        return new NewsItem("item-" + n, "bench", title, null, body.toString(), null, null, null, null, null, null);
    }
}
