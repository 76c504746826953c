package io.geoalert.streams.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.NewsItem;
import io.geoalert.producer.corpus.Corpus;
import io.geoalert.testing.RequiresSharedData;
import io.geoalert.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * The story fingerprint on real near-duplicates: Reuters-21578 wire stories that the wire sent twice
 * (repeats, corrections, rewritten headlines, extended versions) and stories on one topic that are
 * not one story (templated reports of other days or with other figures, notices of other funds). The
 * labelled pairs are {@code stories/reuters-pairs.tsv}; the figures asserted are those measured when
 * the thresholds were set (see {@link StoryFingerprint}), so a change that loses pairs or merges
 * stories fails here.
 */
@RequiresSharedData("corpora/reuters21578-subset")
class StoryFingerprintCorpusTest {

    private final Corpus corpus = new Corpus(
            SharedData.root().map(root -> root.resolve("corpora")).orElse(Path.of("..", "..", "shared", "corpora")));

    private StoryFingerprint fingerprint(String ref) throws IOException {
        NewsItem item = corpus.item(ref);
        return StoryFingerprint.of(item.title(), item.body());
    }

    private void assertOneStoryThatMeets(String a, String b) throws IOException {
        StoryFingerprint first = fingerprint(a);
        StoryFingerprint copy = fingerprint(b);
        assertTrue(first.sameStoryAs(copy), a + " and " + b + " are one story");
        assertTrue(copy.sameStoryAs(first), "the rule is symmetric");
        assertEquals(first.key(), copy.key(), a + " and " + b + " share a story key, so they meet on one partition");
    }

    private void assertTwoStories(String a, String b) throws IOException {
        assertFalse(fingerprint(a).sameStoryAs(fingerprint(b)), a + " and " + b + " are two stories");
    }

    @Test
    void knownRepeatsOfOneWireStoryAreOneStory() throws IOException {
        // same lead under a rewritten headline: "SAUDI ARABIA WILL NOT AGREE "MAD" OIL PRICE RISE" and
        // "SAUDI ARABIA OPPOSES DRASTIC CHANGE IN OIL PRICE", two hours apart
        assertOneStoryThatMeets("reuters21578-subset/reut2-017.sgm#17929", "reuters21578-subset/reut2-017.sgm#17963");
        // "TURKEY SEEN UNLIKELY TO JOIN EC THIS CENTURY" again, "2,000" become "2000"
        assertOneStoryThatMeets("reuters21578-subset/reut2-016.sgm#16491", "reuters21578-subset/reut2-016.sgm#16504");
        // "(RPT) U.S. SAYS TIN DISPOSALS WILL NOT AFFECT ACCORD"
        assertOneStoryThatMeets("reuters21578-subset/reut2-000.sgm#656", "reuters21578-subset/reut2-000.sgm#688");
        // "CORRECTED - GM <GM> TO IDLE SIX PLANTS" after "GM <GM> TO IDLE SIX PLANTS, 21,600 WORKERS"
        assertOneStoryThatMeets("reuters21578-subset/reut2-012.sgm#12319", "reuters21578-subset/reut2-012.sgm#12373");
        // "SOVIET UNION STAGES THIRD NUCLEAR TEST" and "MOSCOW STAGES NUCLEAR TEST"
        assertOneStoryThatMeets("reuters21578-subset/reut2-012.sgm#12729", "reuters21578-subset/reut2-012.sgm#12794");
    }

    @Test
    void differentStoriesOnOneTopicAreTwoStories() throws IOException {
        // two OPEC stories of one day: a Kuwaiti paper on OPEC's credibility, Abu Dhabi's marketing
        assertTwoStories("reuters21578-subset/reut2-016.sgm#16607", "reuters21578-subset/reut2-016.sgm#16658");
        // two OPEC oil-price stories a day apart: Pemex on OPEC output, Saudi Arabia on a "mad" price rise
        assertTwoStories("reuters21578-subset/reut2-017.sgm#17478", "reuters21578-subset/reut2-017.sgm#17929");
        // the Bank of England's money-market forecasts of two days: 800 and 350 mln stg
        assertTwoStories("reuters21578-subset/reut2-000.sgm#307", "reuters21578-subset/reut2-000.sgm#913");
        // payout notices of two Franklin funds, word for word alike but the fund's name
        assertTwoStories("reuters21578-subset/reut2-000.sgm#690", "reuters21578-subset/reut2-000.sgm#702");
        // the daily hog and cattle slaughter estimates of two days, headline alike
        assertTwoStories("reuters21578-subset/reut2-017.sgm#17319", "reuters21578-subset/reut2-017.sgm#17390");
        // equity warrant eurobonds of two issuers, one template
        assertTwoStories("reuters21578-subset/reut2-012.sgm#12445", "reuters21578-subset/reut2-012.sgm#12446");
    }

    @Test
    void holdsItsMeasuredFiguresOnTheLabelledPairs() throws IOException {
        List<String[]> pairs = pairs();
        int same = 0;
        int found = 0;
        int matchedButApart = 0;
        int different = 0;
        List<String> merged = new ArrayList<>();
        List<String> closest = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (String[] pair : pairs) {
            StoryFingerprint a = fingerprint(pair[1]);
            StoryFingerprint b = fingerprint(pair[2]);
            boolean match = a.sameStoryAs(b);
            if (pair[0].equals("same")) {
                same++;
                if (match && a.key().equals(b.key())) {
                    found++;
                } else if (match) {
                    matchedButApart++;
                    missed.add("apart  " + pair[1] + " ~ " + pair[2]);
                } else {
                    missed.add(String.format(Locale.ROOT, "%.2f   %s", a.similarity(b), pair[1] + " ~ " + pair[2]));
                }
            } else {
                different++;
                closest.add(String.format(Locale.ROOT, "%.2f %s", a.similarity(b), pair[1] + " ~ " + pair[2]));
                if (match) {
                    merged.add(pair[1] + " ~ " + pair[2]);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "[stories] same-story pairs %d: found %d (one story, one partition), one story but apart %d, missed %d;"
                        + " different-story pairs %d: merged %d%n",
                same,
                found,
                matchedButApart,
                same - found - matchedButApart,
                different,
                merged.size());
        closest.stream()
                .sorted(java.util.Comparator.reverseOrder())
                .limit(5)
                .forEach(c -> System.out.println("[stories] closest different " + c));
        missed.forEach(m -> System.out.println("[stories] missed " + m));
        assertEquals(181, same);
        assertEquals(96, different);
        assertEquals(List.of(), merged, "no two stories merged");
        assertTrue(
                found >= FOUND,
                "found " + found + " of " + same + ", measured " + FOUND + ":\n" + String.join("\n", missed));
    }

    @Test
    void storyKeysSpreadTheCorpusOverPartitions() throws IOException {
        Map<String, Integer> perKey = new HashMap<>();
        int[] perPartition = new int[6];
        int items = 0;
        for (String file : List.of("reut2-000.sgm", "reut2-012.sgm", "reut2-016.sgm", "reut2-017.sgm")) {
            for (NewsItem item : corpus.items("reuters21578-subset/" + file).values()) {
                String key = StoryFingerprint.of(item.title(), item.body()).key();
                perKey.merge(key, 1, Integer::sum);
                // the producer's default partitioner, as the repartition topics use it
                perPartition[Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 6]++;
                items++;
            }
        }
        int biggestKey =
                perKey.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int fullest = Arrays.stream(perPartition).max().orElseThrow();
        System.out.printf(
                Locale.ROOT,
                "[stories] %d items, %d story keys, the biggest holds %d (%.1f%%); on 6 partitions %s, fullest %.2f x the mean%n",
                items,
                perKey.size(),
                biggestKey,
                100.0 * biggestKey / items,
                Arrays.toString(perPartition),
                fullest * 6.0 / items);
        assertTrue(biggestKey < items / 20, "no key holds 5% of the items");
        assertTrue(fullest * 6.0 / items < 1.25, "no partition holds 25% more than its share");
    }

    /** Same-story pairs found (one story on one partition) when the thresholds were set. */
    private static final int FOUND = 147;

    private static List<String[]> pairs() throws IOException {
        List<String[]> pairs = new ArrayList<>();
        try (InputStream in = StoryFingerprintCorpusTest.class.getResourceAsStream("/stories/reuters-pairs.tsv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    pairs.add(line.split("\t", 3));
                }
            }
        }
        return pairs;
    }
}
