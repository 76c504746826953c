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
 * Every term of a rule pack compiled into one structure that reads a text once: each word
 * is looked up in a vocabulary (inflected forms expanded at compile time) that yields symbol
 * ids, and phrases are matched by walking a trie over those symbols.
 */
final class TermIndex {

    /** Receives each occurrence of a term: the term id and the first and last token of the match. */
    interface Sink {
        void found(int termId, int firstToken, int lastToken);
    }

    private static final int[] NONE = new int[0];

    private static final class Node {
        private Map<Integer, Node> children;
        private int[] terminals = NONE;

        Node child(int symbol) {
            return children == null ? null : children.get(symbol);
        }

        Node childOrNew(int symbol) {
            if (children == null) {
                children = new HashMap<>(4);
            }
            return children.computeIfAbsent(symbol, s -> new Node());
        }

        void addTerminal(int termId) {
            if (Arrays.stream(terminals).noneMatch(t -> t == termId)) {
                terminals = Arrays.copyOf(terminals, terminals.length + 1);
                terminals[terminals.length - 1] = termId;
            }
        }
    }

    private final Map<String, Integer> termIds = new HashMap<>();
    private final List<String> sources = new ArrayList<>();
    private final Map<String, Integer> inflectedSymbols = new HashMap<>();
    private final Map<String, Integer> exactSymbols = new HashMap<>();
    private final Map<String, Integer> prefixSymbols = new HashMap<>();
    private final Map<String, Set<Integer>> building = new HashMap<>();
    private final Node root = new Node();
    private Map<String, int[]> vocabulary = Map.of();
    private int[] prefixLengths = NONE;
    private int nextSymbol;

    /** Adds a term (once per distinct spelling) and returns its id. */
    int add(Condition.Term term) {
        List<String> words = words(term.text());
        String key = (term.exact() ? "=" : "") + String.join(" ", words) + (term.prefix() ? "*" : "");
        Integer known = termIds.get(key);
        if (known != null) {
            return known;
        }
        int id = sources.size();
        termIds.put(key, id);
        sources.add(term.text());
        if (words.isEmpty()) {
            return id; // reported by validation; matches nothing
        }
        int[] path = new int[words.size()];
        for (int i = 0; i < path.length; i++) {
            boolean last = i == path.length - 1;
            path[i] = term.prefix() && last ? prefixSymbol(words.get(i))
                    : term.exact() ? exactSymbol(words.get(i)) : inflectedSymbol(words.get(i));
        }
        insert(path, id);
        if (words.size() > 1 && !term.exact() && !term.prefix()) {
            // "snap back" also matches "snapback" (hyphenated "snap-back" is two words already)
            insert(new int[] {inflectedSymbol(String.join("", words))}, id);
        }
        return id;
    }

    /** Freezes the vocabulary; call once after the last {@link #add}. */
    TermIndex seal() {
        Map<String, int[]> vocab = new HashMap<>(building.size() * 2);
        building.forEach((form, symbols) -> vocab.put(form, symbols.stream().mapToInt(Integer::intValue).toArray()));
        vocabulary = vocab;
        prefixLengths = new TreeSet<>(prefixSymbols.keySet().stream().map(String::length).toList())
                .stream().mapToInt(Integer::intValue).toArray();
        building.clear();
        return this;
    }

    String source(int termId) {
        return sources.get(termId);
    }

    int size() {
        return sources.size();
    }

    int vocabularySize() {
        return vocabulary.size();
    }

    /** Finds every term in the tokens, in one pass. */
    void scan(List<Token> tokens, Sink sink) {
        Node[] active = new Node[8];
        int[] starts = new int[8];
        int activeCount = 0;
        Node[] next = new Node[8];
        int[] nextStarts = new int[8];
        for (int i = 0; i < tokens.size(); i++) {
            int[] symbols = symbolsOf(tokens.get(i).norm());
            int nextCount = 0;
            if (symbols.length > 0) {
                for (int a = -1; a < activeCount; a++) {
                    Node from = a < 0 ? root : active[a];
                    int start = a < 0 ? i : starts[a];
                    for (int symbol : symbols) {
                        Node to = from.child(symbol);
                        if (to == null) {
                            continue;
                        }
                        for (int termId : to.terminals) {
                            sink.found(termId, start, i);
                        }
                        if (to.children != null) {
                            if (nextCount == next.length) {
                                next = Arrays.copyOf(next, nextCount * 2);
                                nextStarts = Arrays.copyOf(nextStarts, nextCount * 2);
                            }
                            next[nextCount] = to;
                            nextStarts[nextCount++] = start;
                        }
                    }
                }
            }
            Node[] swapNodes = active;
            active = next;
            next = swapNodes;
            int[] swapStarts = starts;
            starts = nextStarts;
            nextStarts = swapStarts;
            activeCount = nextCount;
        }
    }

    private int[] symbolsOf(String word) {
        int[] exact = vocabulary.getOrDefault(word, NONE);
        if (prefixLengths.length == 0) {
            return exact;
        }
        int[] out = exact;
        for (int length : prefixLengths) {
            if (length > word.length()) {
                break;
            }
            Integer symbol = prefixSymbols.get(word.substring(0, length));
            if (symbol != null) {
                out = Arrays.copyOf(out, out.length + 1);
                out[out.length - 1] = symbol;
            }
        }
        return out;
    }

    private void insert(int[] path, int termId) {
        Node node = root;
        for (int symbol : path) {
            node = node.childOrNew(symbol);
        }
        node.addTerminal(termId);
    }

    private int inflectedSymbol(String word) {
        Integer known = inflectedSymbols.get(word);
        if (known != null) {
            return known;
        }
        int symbol = nextSymbol++;
        inflectedSymbols.put(word, symbol);
        for (String form : Inflections.of(word)) {
            building.computeIfAbsent(form, f -> new LinkedHashSet<>()).add(symbol);
        }
        return symbol;
    }

    private int exactSymbol(String word) {
        return exactSymbols.computeIfAbsent(word, w -> {
            int symbol = nextSymbol++;
            building.computeIfAbsent(w, f -> new LinkedHashSet<>()).add(symbol);
            return symbol;
        });
    }

    private int prefixSymbol(String prefix) {
        return prefixSymbols.computeIfAbsent(prefix, p -> nextSymbol++);
    }

    /** The normalised words of a term, as the tokenizer would see them in a text. */
    static List<String> words(String text) {
        return Tokenizer.tokenize(text.replace("*", "")).stream().map(Token::norm).toList();
    }
}
