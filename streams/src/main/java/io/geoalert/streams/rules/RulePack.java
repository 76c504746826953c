package io.geoalert.streams.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A rule file: the entity gazetteer, the false friends (phrases whose words never count as
 * matches, such as "North Atlantic Treaty Organization" for "treaty"), and the rules.
 * The default pack ships as {@code rules/default-rules.yaml}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RulePack(
        Map<String, EntityDef> entities,
        List<String> falseFriends,
        List<Rule> rules,
        @JsonIgnore Map<String, Integer> lines) {

    public static final String DEFAULT_RESOURCE = "/rules/default-rules.yaml";

    static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public RulePack {
        entities = entities == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        falseFriends = falseFriends == null ? List.of() : List.copyOf(falseFriends);
        rules = rules == null ? List.of() : List.copyOf(rules);
        lines = lines == null ? Map.of() : Map.copyOf(lines);
    }

    public RulePack(Map<String, EntityDef> entities, List<Rule> rules) {
        this(entities, List.of(), rules, Map.of());
    }

    /** The same gazetteer and false friends with other rules. */
    public RulePack withRules(List<Rule> newRules) {
        return new RulePack(entities, falseFriends, newRules, lines);
    }

    /** The rule pack bundled with geoalert. */
    public static RulePack defaults() {
        try (InputStream in = RulePack.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the build");
            }
            return parse(in.readAllBytes(), DEFAULT_RESOURCE, null).validated(DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    /**
     * Reads one rule written as JSON (or YAML), refusing unknown keys as rule files do.
     *
     * @throws IOException naming what is wrong
     */
    public static Rule readRule(byte[] text) throws IOException {
        return YAML.readValue(text, Rule.class);
    }

    /** Loads and validates a rule file; one without 'entities' or 'falseFriends' takes the default pack's. */
    public static RulePack load(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString()).validated(file.toString());
    }

    /** Reads a rule file, taking the default pack's gazetteer and false friends where the file has none. */
    public static RulePack parse(byte[] yaml, String origin) {
        return parse(yaml, origin, defaults());
    }

    /**
     * Reads a rule file, remembering the line each rule starts on.
     *
     * @param inherit where 'entities' and 'falseFriends' come from when the file has none (or null)
     * @throws InvalidRulesException for a file that is not well-formed, naming the line
     */
    static RulePack parse(byte[] yaml, String origin, RulePack inherit) {
        Map<String, EntityDef> entities = null;
        List<String> falseFriends = null;
        List<Rule> rules = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = YAML.createParser(yaml)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidRulesException(List.of(
                        origin + ":1: expected a map with 'rules' (and optionally 'entities', 'falseFriends')"));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = parser.currentLocation().getLineNr();
                parser.nextToken();
                switch (key) {
                    case "entities" ->
                        entities = parser.readValueAs(new TypeReference<LinkedHashMap<String, EntityDef>>() {});
                    case "falseFriends" -> falseFriends = parser.readValueAs(new TypeReference<List<String>>() {});
                    case "rules" -> {
                        if (parser.currentToken() != JsonToken.START_ARRAY) {
                            throw new InvalidRulesException(
                                    List.of(origin + ":" + keyLine + ": 'rules' must be a list"));
                        }
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            int line = parser.currentLocation().getLineNr();
                            Rule rule = parser.readValueAs(Rule.class);
                            rules.add(rule);
                            if (rule.id() != null) {
                                lines.putIfAbsent(rule.id(), line);
                            }
                        }
                    }
                    default ->
                        throw new InvalidRulesException(List.of(origin + ":" + keyLine + ": unknown key '" + key
                                + "' (expected rules, entities, falseFriends)"));
                }
            }
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidRulesException(
                    List.of(origin + (at == null ? "" : ":" + at.getLineNr()) + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidRulesException(List.of(origin + ": " + e.getMessage()));
        }
        if (inherit != null) {
            entities = entities == null ? inherit.entities() : entities;
            falseFriends = falseFriends == null ? inherit.falseFriends() : falseFriends;
        }
        return new RulePack(entities, falseFriends, rules, lines);
    }

    /** Every problem of the pack, each naming the rule; empty when valid. */
    public List<String> problems() {
        return problems(null);
    }

    private List<String> problems(String origin) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            String at = origin == null
                    ? ""
                    : origin + (lines.containsKey(rule.id()) ? ":" + lines.get(rule.id()) : "") + ": ";
            rule.problems().forEach(p -> problems.add(at + p));
            if (rule.id() != null && !ids.add(rule.id())) {
                problems.add(at + "rule '" + rule.id() + "': the id is used twice");
            }
            problems.addAll(unknownEntities(rule, at));
        }
        entities.forEach((name, def) -> {
            if (def.aliases().isEmpty() && def.members().isEmpty()) {
                problems.add((origin == null ? "" : origin + ": ") + "entity '" + name + "': needs aliases or members");
            }
            if (def.weightProblem() != null) {
                problems.add((origin == null ? "" : origin + ": ") + "entity '" + name + "': " + def.weightProblem());
            }
            def.members().stream()
                    .filter(m -> !entities.containsKey(m))
                    .forEach(m -> problems.add((origin == null ? "" : origin + ": ") + "entity '" + name + "': member '"
                            + m + "' is not in the gazetteer"));
        });
        return problems;
    }

    private List<String> unknownEntities(Rule rule, String at) {
        List<String> problems = new ArrayList<>();
        Condition condition = rule.condition();
        Set<String> types = new HashSet<>();
        entities.values().forEach(e -> types.add(e.type()));
        walk(condition, c -> {
            if (c instanceof Condition.Entity e && !entities.containsKey(e.name())) {
                problems.add(at + "rule '" + rule.id() + "': entity '" + e.name() + "' is not in the gazetteer");
            } else if (c instanceof Condition.EntityType t && !types.contains(t.type())) {
                problems.add(at + "rule '" + rule.id() + "': no entity has type '" + t.type() + "' (known: "
                        + new TreeSet<>(types) + ")");
            }
        });
        return problems;
    }

    /** Visits every node of a condition tree. */
    public static void walk(Condition condition, java.util.function.Consumer<Condition> visitor) {
        visitor.accept(condition);
        if (condition instanceof Condition.Any any) {
            any.children().forEach(c -> walk(c, visitor));
        } else if (condition instanceof Condition.All all) {
            all.children().forEach(c -> walk(c, visitor));
        } else if (condition instanceof Condition.None none) {
            none.children().forEach(c -> walk(c, visitor));
        } else if (condition instanceof Condition.Near near) {
            walk(near.left(), visitor);
            walk(near.right(), visitor);
        }
    }

    /** This pack, or an {@link InvalidRulesException} listing every problem with file and line. */
    public RulePack validated(String origin) {
        List<String> problems = problems(origin);
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return this;
    }

    /** The categories the enabled rules raise alerts in. */
    public Set<String> categories() {
        Set<String> categories = new TreeSet<>();
        rules.stream().filter(Rule::isEnabled).forEach(r -> categories.add(r.category()));
        return categories;
    }
}
