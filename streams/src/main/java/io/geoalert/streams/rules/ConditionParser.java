package io.geoalert.streams.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads conditions as written in rule files. A string is a term ({@code "=word"} exact,
 * {@code "word*"} a prefix); a list is {@code any}; a map holds one of {@code any}, {@code all},
 * {@code none}, {@code near} (with {@code within}), {@code entity}, {@code entityType} or {@code term},
 * and may add {@code fields} and {@code min}. Problems are collected, not thrown, so that a
 * file's every error is reported at once.
 */
final class ConditionParser {

    private static final Set<String> GROUP_KEYS = Set.of("any", "all", "none", "near", "entity", "entityType", "term");
    private static final Set<String> KNOWN_KEYS =
            Set.of("any", "all", "none", "near", "within", "entity", "entityType", "term", "fields", "min", "exact");

    private final List<String> problems;
    private final String where;

    ConditionParser(String where, List<String> problems) {
        this.where = where;
        this.problems = problems;
    }

    Condition parse(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return problem(path, "is empty");
        }
        if (node.isTextual() || node.isNumber()) {
            return term(node.asText(), false, path);
        }
        if (node.isArray()) {
            return new Condition.Any(children(node, path), Set.of(), 1);
        }
        if (!node.isObject()) {
            return problem(path, "must be a term, a list or a map");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN_KEYS.contains(name)) {
                problems.add(where + ": " + path + ": unknown key '" + name + "' (expected one of "
                        + new java.util.TreeSet<>(KNOWN_KEYS) + ")");
            }
        }
        List<String> kinds = new ArrayList<>();
        node.fieldNames().forEachRemaining(n -> {
            if (GROUP_KEYS.contains(n)) {
                kinds.add(n);
            }
        });
        if (kinds.size() != 1) {
            return problem(path, "needs exactly one of any, all, none, near, entity, entityType, term; found " + kinds);
        }
        Set<String> fields = fields(node.get("fields"), path);
        String kind = kinds.get(0);
        return switch (kind) {
            case "any" -> new Condition.Any(children(node.get("any"), path + ".any"), fields, min(node, path));
            case "all" -> new Condition.All(children(node.get("all"), path + ".all"), fields);
            case "none" -> new Condition.None(children(node.get("none"), path + ".none"), fields);
            case "near" -> near(node, path);
            // scoped like terms, so "{entityType: state, fields: [title]}" is not silently read anywhere
            case "entity" ->
                scoped(new Condition.Entity(text(node.get("entity"), path + ".entity")), fields, min(node, path));
            case "entityType" ->
                scoped(
                        new Condition.EntityType(text(node.get("entityType"), path + ".entityType")),
                        fields,
                        min(node, path));
            default ->
                scoped(
                        term(
                                text(node.get("term"), path + ".term"),
                                node.path("exact").asBoolean(false),
                                path),
                        fields,
                        min(node, path));
        };
    }

    private static Condition scoped(Condition term, Set<String> fields, int min) {
        return fields.isEmpty() && min == 1 ? term : new Condition.Any(List.of(term), fields, min);
    }

    private Condition near(JsonNode node, String path) {
        JsonNode pair = node.get("near");
        if (pair == null || !pair.isArray() || pair.size() != 2) {
            return problem(path + ".near", "needs a list of exactly two conditions");
        }
        int within = node.path("within").asInt(-1);
        if (within < 1 || within > 50) {
            problems.add(where + ": " + path + ".within must be a number of words from 1 to 50");
        }
        Condition near = new Condition.Near(
                parse(pair.get(0), path + ".near[0]"), parse(pair.get(1), path + ".near[1]"), within);
        Set<String> fields = fields(node.get("fields"), path);
        return fields.isEmpty() ? near : new Condition.Any(List.of(near), fields, 1);
    }

    List<Condition> children(JsonNode node, String path) {
        List<Condition> out = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problem(path, "needs a non-empty list");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(parse(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    Set<String> fields(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        Set<String> fields = new LinkedHashSet<>();
        (node.isArray() ? node : List.of(node)).forEach(f -> {
            if (!Rule.KNOWN_FIELDS.contains(f.asText())) {
                problems.add(where + ": " + path + ": unknown field '" + f.asText() + "' (title, body, lead)");
            }
            fields.add(f.asText());
        });
        return fields;
    }

    private int min(JsonNode node, String path) {
        int min = node.path("min").asInt(1);
        if (min < 1) {
            problems.add(where + ": " + path + ".min must be 1 or more");
        }
        return Math.max(min, 1);
    }

    private String text(JsonNode node, String path) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            problem(path, "needs a name");
            return "";
        }
        return node.asText();
    }

    private Condition term(String text, boolean exact, String path) {
        String t = text.trim();
        boolean isExact = exact || t.startsWith("=");
        if (t.startsWith("=")) {
            t = t.substring(1).trim();
        }
        boolean prefix = t.endsWith("*");
        if (t.replaceAll("[^\\p{L}\\p{N}]", "").isEmpty()) {
            problems.add(where + ": " + path + ": term '" + text + "' has no letters or digits");
        }
        return new Condition.Term(t, isExact, prefix);
    }

    private Condition problem(String path, String message) {
        problems.add(where + ": " + path + " " + message);
        return new Condition.Any(List.of(), Set.of(), 1);
    }

    /** Parses the top-level any/all/none of a rule into one condition. */
    Condition rule(List<JsonNode> any, List<JsonNode> all, List<JsonNode> none, List<String> fields, int minMentions) {
        List<Condition> parts = new ArrayList<>();
        if (!any.isEmpty()) {
            List<Condition> alternatives = new ArrayList<>();
            for (int i = 0; i < any.size(); i++) {
                alternatives.add(parse(any.get(i), "any[" + i + "]"));
            }
            parts.add(new Condition.Any(alternatives, Set.of(), minMentions));
        }
        for (int i = 0; i < all.size(); i++) {
            parts.add(parse(all.get(i), "all[" + i + "]"));
        }
        if (!none.isEmpty()) {
            List<Condition> excluded = new ArrayList<>();
            for (int i = 0; i < none.size(); i++) {
                excluded.add(parse(none.get(i), "none[" + i + "]"));
            }
            parts.add(new Condition.None(excluded, Set.of()));
        }
        if (parts.isEmpty()) {
            problems.add(where + ": needs a condition in 'any' or 'all'");
        }
        return new Condition.All(parts, new LinkedHashSet<>(fields));
    }
}
