package io.geoalert.streams.story;

import io.geoalert.streams.match.Token;
import io.geoalert.streams.match.Tokenizer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What tells that two news items are one story told twice: the word pairs (2-shingles) of the
 * headline (its first {@value #TITLE_WORDS} words) and of the lead (the first {@value #LEAD_WORDS}
 * words of the body), each hashed to 32 bits and kept sorted. Words are the matcher's (case,
 * diacritics and full-width forms folded); "2,000" is read as "2000".
 *
 * <p><b>Same story</b> ({@link #sameStoryAs}) when the headlines' numbers do not disagree and either
 * <ul>
 *   <li>headline and lead together share at least {@value #THRESHOLD} of their word pairs (Jaccard
 *       similarity of the two sets), or
 *   <li>both leads have at least {@value #MIN_LEAD_WORDS} words and share at least {@value
 *       #LEAD_THRESHOLD} of their word pairs: a syndicated copy under a rewritten headline.
 * </ul>
 * The headlines' numbers disagree when both name numbers and not the same ones: "deficit forecast at
 * 800 mln" and "at 350 mln" are two days' reports that share 0.85 of their word pairs. A corrected
 * figure in a headline therefore makes a new story: one alert too many rather than one lost.
 *
 * <p><b>Why sets and not SimHash.</b> A headline and lead give some 40 to 70 word pairs. Over so few
 * features a 64-bit SimHash is noisy: measured on the Reuters-21578 near-duplicates, a pair sharing
 * 93% of its word pairs lay 14 bits apart while two different money-market reports lay 3 bits apart,
 * so no Hamming threshold separated them. The sets themselves are small (4 bytes a pair), so they are
 * compared exactly; this is a MinHash bottom-k sketch with k larger than the set, which is the set.
 *
 * <p><b>Thresholds</b>, measured on 277 labelled pairs of Reuters-21578 stories less than 48 hours
 * apart (test resource {@code stories/reuters-pairs.tsv}, {@code StoryFingerprintCorpusTest}): of 181
 * pairs of one story (repeats, corrections, rewritten headlines, extended versions) 148 are one story
 * here and 147 of them share a key; of 96 pairs of different stories on one topic (templated reports
 * with other figures or of another day, notices of other funds, other issuers' bonds) none is merged.
 * The 33 missed are stories the wire retold in other words (typically 0.4 to 0.7 of their pairs
 * shared): they raise a second alert, as before stories were followed. Lower thresholds merge
 * templated reports (payout notices of two funds differing in the fund's name share 0.72), which is
 * the worse error: a merged story from the same source raises nothing at all.
 *
 * <p><b>Routing key</b> ({@link #key}): copies must meet on one partition, and one key cannot hold
 * every near-duplicate's candidates, so the key is one MinHash: the lowest hash among the lead's word
 * pairs (the headline's when there is no lead), leaving out pairs of two stop words, whose
 * frequency would pile unrelated items on one key. Two items share it with probability equal to the
 * Jaccard similarity of those sets, and leads of copies are the part most often kept whole, so copies
 * nearly always meet (147 of the 148 pairs above); those that do not are missed (two alerts). The share
 * of items on one key is at most the share of leads containing its word pair: on the 3,966 stories of
 * the corpus files the biggest key holds 2.4% of them, and six partitions get 0.85 to 1.13 times their
 * share.
 */
public record StoryFingerprint(byte[] titleShingles, byte[] leadShingles, int leadWords, int titleNumbers, String key) {

    /** Headline words looked at. */
    public static final int TITLE_WORDS = 30;
    /** Body words that make the lead. */
    public static final int LEAD_WORDS = 40;
    /** Similarity of headline and lead together from which two items are one story. */
    public static final double THRESHOLD = 0.75;
    /** Similarity of the leads alone from which two items are one story, when both leads are long. */
    public static final double LEAD_THRESHOLD = 0.8;
    /** Lead words both items need for the lead alone to decide. */
    public static final int MIN_LEAD_WORDS = 30;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    /** Characters of text first read per word wanted; read further when they hold too few words. */
    private static final int OPENING_CHARS_PER_WORD = 12;

    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3}(?!\\d))");
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "for", "from", "had", "has",
            "have", "he", "her", "his", "i", "in", "is", "it", "its", "may", "not", "of", "on", "or", "s", "said",
            "say", "says", "she", "that", "the", "their", "they", "this", "to", "u", "was", "we", "were", "which",
            "will", "with", "would");

    /** The fingerprint of an item's headline and body (the body may be null). */
    public static StoryFingerprint of(String title, String body) {
        List<String> titleWords = words(title, TITLE_WORDS);
        List<String> lead = words(body, LEAD_WORDS);
        int[] titlePairs = pairHashes(titleWords, "t");
        int[] leadPairs = pairHashes(lead, "l");
        String key = routingKey(lead, leadPairs);
        if (key == null) {
            key = routingKey(titleWords, titlePairs);
        }
        int[] titleHashes = distinctSorted(titlePairs);
        int[] leadHashes = distinctSorted(leadPairs);
        if (key == null) {
            key = hex(titleHashes.length > 0 ? titleHashes[0] : leadHashes.length > 0 ? leadHashes[0] : 0);
        }
        return new StoryFingerprint(pack(titleHashes), pack(leadHashes), lead.size(), numbers(titleWords), key);
    }

    /** True when the two items tell one story (see the class comment for the rule and its thresholds). */
    public boolean sameStoryAs(StoryFingerprint other) {
        if (titleNumbers != 0 && other.titleNumbers != 0 && titleNumbers != other.titleNumbers) {
            return false;
        }
        if (leadWords >= MIN_LEAD_WORDS
                && other.leadWords >= MIN_LEAD_WORDS
                && jaccard(leadShingles, other.leadShingles) >= LEAD_THRESHOLD) {
            return true;
        }
        return similarity(other) >= THRESHOLD;
    }

    /** Jaccard similarity of headline and lead word pairs together, 0 to 1. */
    public double similarity(StoryFingerprint other) {
        int sharedTitle = shared(titleShingles, other.titleShingles);
        int sharedLead = shared(leadShingles, other.leadShingles);
        int union = count(titleShingles)
                + count(other.titleShingles)
                - sharedTitle
                + count(leadShingles)
                + count(other.leadShingles)
                - sharedLead;
        return union == 0 ? 0 : (sharedTitle + sharedLead) / (double) union;
    }

    private static double jaccard(byte[] a, byte[] b) {
        int shared = shared(a, b);
        int union = count(a) + count(b) - shared;
        return union == 0 ? 0 : shared / (double) union;
    }

    /**
     * The normalised words of a text, at most {@code max}. Only the opening of the text is read, cut
     * where the thousands separators removed before tokenising cannot reach across: at a character
     * that is neither a letter, a digit nor a comma (see {@link #cut}).
     */
    static List<String> words(String text, int max) {
        List<String> words = new ArrayList<>(Math.min(max, 64));
        if (text == null) {
            return words;
        }
        List<Token> tokens;
        int read = Math.min(text.length(), max * OPENING_CHARS_PER_WORD);
        while (true) {
            int end = cut(text, read);
            tokens = Tokenizer.tokenize(withoutThousandsSeparators(text.substring(0, end)), max);
            if (tokens.size() == max || end == text.length()) {
                break;
            }
            read = Math.min(text.length(), read * 2);
        }
        for (Token token : tokens) {
            words.add(token.norm());
        }
        return words;
    }

    /**
     * The first index from {@code from} on whose character is ASCII and neither a letter, a digit nor a
     * comma, or the text's length. Removing the separators of the text cut there gives the start of
     * removing them from the whole text, word for word: a separator's comma needs three digits after it
     * and no fourth, and the cut character is none.
     */
    private static int cut(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && c != ',' && !Character.isLetterOrDigit(c)) {
                return i;
            }
        }
        return text.length();
    }

    private static String withoutThousandsSeparators(String text) {
        return text.indexOf(',') < 0 ? text : THOUSANDS.matcher(text).replaceAll("");
    }

    /**
     * The hash of each word pair of the words in order ({@code part:first second}), or of the one word
     * ({@code part:word}) when there is just one.
     */
    private static int[] pairHashes(List<String> words, String part) {
        long prefix = fnv(fnv(FNV_OFFSET, part), ":");
        if (words.size() == 1) {
            return new int[] {finish(fnv(prefix, words.get(0)))};
        }
        int[] hashes = new int[Math.max(0, words.size() - 1)];
        for (int i = 0; i + 1 < words.size(); i++) {
            hashes[i] = finish(fnv(fnv(fnv(prefix, words.get(i)), " "), words.get(i + 1)));
        }
        return hashes;
    }

    private static int[] distinctSorted(int[] hashes) {
        int[] sorted = hashes.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (distinct == 0 || sorted[distinct - 1] != sorted[i]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    /**
     * The lowest of the pair hashes ({@link #pairHashes}, in word order) that are not of two stop words;
     * null when there is none.
     */
    private static String routingKey(List<String> words, int[] pairHashes) {
        long lowest = Long.MAX_VALUE;
        if (words.size() == 1 && !STOP_WORDS.contains(words.get(0))) {
            lowest = Integer.toUnsignedLong(pairHashes[0]);
        }
        for (int i = 0; i + 1 < words.size(); i++) {
            if (STOP_WORDS.contains(words.get(i)) && STOP_WORDS.contains(words.get(i + 1))) {
                continue;
            }
            lowest = Math.min(lowest, Integer.toUnsignedLong(pairHashes[i]));
        }
        return lowest == Long.MAX_VALUE ? null : hex((int) lowest);
    }

    /** A hash of the distinct numbers among the words, 0 when there are none. */
    private static int numbers(List<String> words) {
        Set<String> numbers = new TreeSet<>();
        for (String word : words) {
            if (!word.isEmpty() && word.chars().allMatch(c -> c >= '0' && c <= '9')) {
                numbers.add(word.replaceFirst("^0+(?=.)", ""));
            }
        }
        if (numbers.isEmpty()) {
            return 0;
        }
        int hash = hash(String.join(" ", numbers));
        return hash == 0 ? 1 : hash;
    }

    /** 64-bit FNV-1a over the characters, mixed (SplitMix64's finaliser), high 32 bits: stable across JVMs. */
    static int hash(String text) {
        return finish(fnv(FNV_OFFSET, text));
    }

    /** FNV-1a state {@code h} after the characters of {@code text}: a hash fed piece by piece, without concatenating. */
    private static long fnv(long h, String text) {
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static int finish(long h) {
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (int) (h >>> 32);
    }

    private static String hex(int hash) {
        return String.format("%08x", hash);
    }

    private static byte[] pack(int[] sorted) {
        ByteBuffer buffer = ByteBuffer.allocate(sorted.length * Integer.BYTES);
        for (int value : sorted) {
            buffer.putInt(value);
        }
        return buffer.array();
    }

    private static int count(byte[] packed) {
        return packed == null ? 0 : packed.length / Integer.BYTES;
    }

    private static int at(byte[] packed, int index) {
        int i = index * Integer.BYTES;
        return (packed[i] << 24)
                | ((packed[i + 1] & 0xff) << 16)
                | ((packed[i + 2] & 0xff) << 8)
                | (packed[i + 3] & 0xff);
    }

    /** How many values two sorted packed sets share. */
    private static int shared(byte[] a, byte[] b) {
        int i = 0;
        int j = 0;
        int shared = 0;
        int na = count(a);
        int nb = count(b);
        while (i < na && j < nb) {
            int x = at(a, i);
            int y = at(b, j);
            if (x == y) {
                shared++;
                i++;
                j++;
            } else if (x < y) {
                i++;
            } else {
                j++;
            }
        }
        return shared;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoryFingerprint f
                && Arrays.equals(titleShingles, f.titleShingles)
                && Arrays.equals(leadShingles, f.leadShingles)
                && leadWords == f.leadWords
                && titleNumbers == f.titleNumbers
                && key.equals(f.key);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(titleShingles) + Arrays.hashCode(leadShingles) + key.hashCode();
    }

    @Override
    public String toString() {
        return "StoryFingerprint[key=" + key + ", title pairs=" + count(titleShingles) + ", lead pairs="
                + count(leadShingles) + ", lead words=" + leadWords + "]";
    }
}
