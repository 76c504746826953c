package io.geoalert.streams.match;

import io.geoalert.streams.rules.Condition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every term of a rule pack compiled into one structure that reads a text once: each word is
 * looked up, straight from the text's characters, in a vocabulary of symbol ids (inflected
 * forms expanded at compile time), and phrases are matched by walking a trie over symbols.
 */
final class TermIndex {

    /** Receives each occurrence of a term: its id, first and last token, and character span. */
    interface Sink {
        void found(int termId, int firstToken, int lastToken, int start, int end);
    }

    private static final int[] NONE = new int[0];
    private static final int MAX_KEPT_BUFFER = 65_536;
    private static final ThreadLocal<char[][]> TEXT_BUFFER =
            ThreadLocal.withInitial(() -> new char[][] {new char[4096]});
    private static final int ROOT = 0;

    // while building
    private final Map<String, Integer> termIds = new HashMap<>();
    private final List<String> sources = new ArrayList<>();
    private final Map<String, Integer> inflectedSymbols = new HashMap<>();
    private final Map<String, Integer> exactSymbols = new HashMap<>();
    private final Map<String, Integer> prefixSymbols = new HashMap<>();
    private WordTable prefixes;
    private final Map<String, Set<Integer>> forms = new HashMap<>();
    private final Transitions transitions = new Transitions(1024);
    private final List<int[]> terminals = new ArrayList<>(List.of(NONE));
    private final List<Boolean> hasChildren = new ArrayList<>(List.of(false));
    private int nextSymbol;

    // after seal()
    private WordTable words;
    private int[][] terminalsByNode;
    private boolean[] childrenByNode;
    private int[] prefixLengths = NONE;
    private String[] sourceArray;

    /** Adds a term (once per distinct spelling) and returns its id. */
    int add(Condition.Term term) {
        List<String> parts = words(term.text());
        String key = (term.exact() ? "=" : "") + String.join(" ", parts) + (term.prefix() ? "*" : "");
        Integer known = termIds.get(key);
        if (known != null) {
            return known;
        }
        int id = sources.size();
        termIds.put(key, id);
        sources.add(term.text());
        if (parts.isEmpty()) {
            return id; // reported by validation; matches nothing
        }
        int[] path = new int[parts.size()];
        for (int i = 0; i < path.length; i++) {
            boolean last = i == path.length - 1;
            path[i] = term.prefix() && last
                    ? prefixSymbol(parts.get(i))
                    : term.exact() ? exactSymbol(parts.get(i)) : inflectedSymbol(parts.get(i));
        }
        insert(path, id);
        String joined = String.join("", parts);
        if (parts.size() > 1
                && !term.exact()
                && !term.prefix()
                && joined.length() >= 6
                && parts.stream().allMatch(p -> p.length() >= 2)) {
            // "snap back" also matches "snapback" (hyphenated "snap-back" is two words already);
            // not for short pieces, where "u s" would become the word "us"
            insert(new int[] {inflectedSymbol(joined)}, id);
        }
        return id;
    }

    /** Freezes the index for matching; call once after the last {@link #add}. */
    TermIndex seal() {
        Map<String, int[]> vocabulary = new HashMap<>(forms.size() * 2);
        forms.forEach((form, symbols) -> vocabulary.put(
                form, symbols.stream().mapToInt(Integer::intValue).toArray()));
        words = new WordTable(vocabulary);
        sourceArray = sources.toArray(String[]::new);
        forms.clear();
        terminalsByNode = terminals.toArray(int[][]::new);
        childrenByNode = new boolean[hasChildren.size()];
        for (int i = 0; i < childrenByNode.length; i++) {
            childrenByNode[i] = hasChildren.get(i);
        }
        Map<String, int[]> prefixTable = new HashMap<>(prefixSymbols.size() * 2);
        prefixSymbols.forEach((prefix, symbol) -> prefixTable.put(prefix, new int[] {symbol}));
        prefixes = new WordTable(prefixTable);
        prefixLengths = new TreeSet<>(
                        prefixSymbols.keySet().stream().map(String::length).toList())
                .stream().mapToInt(Integer::intValue).toArray();
        return this;
    }

    String source(int termId) {
        return sourceArray != null ? sourceArray[termId] : sources.get(termId);
    }

    int size() {
        return sources.size();
    }

    int vocabularySize() {
        return words.size();
    }

    /** Finds every term in the text, reading it once. */
    void scan(String text, Sink sink) {
        int[] nodes = new int[8];
        int[] firstTokens = new int[8];
        int[] firstChars = new int[8];
        int count = 0;
        int[] nextNodes = new int[8];
        int[] nextFirstTokens = new int[8];
        int[] nextFirstChars = new int[8];
        int token = 0;
        // a char[] copy reads faster in this loop than String.charAt, and costs one memcpy; the thread's
        // buffer is kept, since a fresh copy of every text was a quarter of what matching allocated
        int n = text.length();
        char[] chars = textBuffer(n);
        text.getChars(0, n, chars, 0);
        int i = 0;
        while (i < n) {
            char c = chars[i];
            if (c < 128 ? !Tokenizer.isAsciiWordChar(c) : !Tokenizer.isWordChar(text.codePointAt(i))) {
                i += c < 128 ? 1 : Character.charCount(text.codePointAt(i));
                continue;
            }
            int start = i;
            boolean ascii = true;
            int hash = 0;
            while (i < n) {
                char d = chars[i];
                if (d < 128) {
                    if (!Tokenizer.isAsciiWordChar(d)) {
                        break;
                    }
                    hash = 31 * hash + WordTable.lower(d);
                    i++;
                } else {
                    int cp = text.codePointAt(i);
                    if (!Tokenizer.isWordChar(cp)) {
                        break;
                    }
                    ascii = false;
                    i += Character.charCount(cp);
                }
            }
            int[] symbols = symbols(text, chars, start, i, ascii, hash);
            int nextCount = 0;
            if (symbols.length > 0) {
                for (int a = -1; a < count; a++) {
                    int from = a < 0 ? ROOT : nodes[a];
                    int firstToken = a < 0 ? token : firstTokens[a];
                    int firstChar = a < 0 ? start : firstChars[a];
                    for (int symbol : symbols) {
                        int to = transitions.child(from, symbol);
                        if (to < 0) {
                            continue;
                        }
                        for (int termId : terminalsByNode[to]) {
                            sink.found(termId, firstToken, token, firstChar, i);
                        }
                        if (childrenByNode[to]) {
                            if (nextCount == nextNodes.length) {
                                nextNodes = Arrays.copyOf(nextNodes, nextCount * 2);
                                nextFirstTokens = Arrays.copyOf(nextFirstTokens, nextCount * 2);
                                nextFirstChars = Arrays.copyOf(nextFirstChars, nextCount * 2);
                            }
                            nextNodes[nextCount] = to;
                            nextFirstTokens[nextCount] = firstToken;
                            nextFirstChars[nextCount++] = firstChar;
                        }
                    }
                }
            }
            int[] swap = nodes;
            nodes = nextNodes;
            nextNodes = swap;
            swap = firstTokens;
            firstTokens = nextFirstTokens;
            nextFirstTokens = swap;
            swap = firstChars;
            firstChars = nextFirstChars;
            nextFirstChars = swap;
            count = nextCount;
            token++;
        }
    }

    /**
     * The calling thread's buffer for a text of {@code n} characters (stream threads match at once); a text
     * longer than news usually is gets a buffer of its own, so that no thread holds a megabyte for good.
     */
    private static char[] textBuffer(int n) {
        if (n > MAX_KEPT_BUFFER) {
            return new char[n];
        }
        char[][] held = TEXT_BUFFER.get();
        if (held[0].length < n) {
            held[0] = new char[Math.min(MAX_KEPT_BUFFER, Math.max(n, held[0].length * 2))];
        }
        return held[0];
    }

    private int[] symbols(String text, char[] chars, int start, int end, boolean ascii, int hash) {
        if (!ascii) {
            return symbolsOf(Tokenizer.normalise(text.substring(start, end)));
        }
        int[] found = words.lookupAscii(chars, start, end, WordTable.spread(hash));
        // prefixes are probed straight from the characters too, their hashes rolled forward one length
        // to the next: most words of a text are looked up here, so this path allocates nothing
        int prefixHash = 0;
        int hashed = start;
        for (int length : prefixLengths) {
            if (length > end - start) {
                break;
            }
            for (; hashed < start + length; hashed++) {
                prefixHash = 31 * prefixHash + WordTable.lower(chars[hashed]);
            }
            int[] symbol = prefixes.lookupAscii(chars, start, start + length, WordTable.spread(prefixHash));
            if (symbol.length > 0) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = symbol[0];
            }
        }
        return found;
    }

    /** The symbols of a word already normalised: the rare path, for words with characters beyond ASCII. */
    private int[] symbolsOf(String normalised) {
        int[] found = words.lookup(normalised);
        for (int length : prefixLengths) {
            if (length > normalised.length()) {
                break;
            }
            Integer symbol = prefixSymbols.get(normalised.substring(0, length));
            if (symbol != null) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = symbol;
            }
        }
        return found;
    }

    private void insert(int[] path, int termId) {
        int node = ROOT;
        for (int symbol : path) {
            int child = transitions.child(node, symbol);
            if (child < 0) {
                child = terminals.size();
                terminals.add(NONE);
                hasChildren.add(false);
                transitions.put(node, symbol, child);
                hasChildren.set(node, true);
            }
            node = child;
        }
        int[] ends = terminals.get(node);
        if (Arrays.stream(ends).noneMatch(t -> t == termId)) {
            int[] more = Arrays.copyOf(ends, ends.length + 1);
            more[ends.length] = termId;
            terminals.set(node, more);
        }
    }

    private int inflectedSymbol(String word) {
        Integer known = inflectedSymbols.get(word);
        if (known != null) {
            return known;
        }
        int symbol = nextSymbol++;
        inflectedSymbols.put(word, symbol);
        for (String form : Inflections.of(word)) {
            forms.computeIfAbsent(form, f -> new LinkedHashSet<>()).add(symbol);
        }
        return symbol;
    }

    private int exactSymbol(String word) {
        return exactSymbols.computeIfAbsent(word, w -> {
            int symbol = nextSymbol++;
            forms.computeIfAbsent(w, f -> new LinkedHashSet<>()).add(symbol);
            return symbol;
        });
    }

    private int prefixSymbol(String prefix) {
        return prefixSymbols.computeIfAbsent(prefix, p -> nextSymbol++);
    }

    /** The normalised words of a term, as a text would show them. */
    static List<String> words(String text) {
        return Tokenizer.tokenize(text.replace("*", "")).stream()
                .map(Token::norm)
                .toList();
    }
}
