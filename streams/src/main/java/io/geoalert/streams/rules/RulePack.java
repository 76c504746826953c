package io.geoalert.streams.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A set of rules plus the entity gazetteer they report (entity name to its aliases), as
 * written in a YAML rule file. The default pack ships in {@code rules/default-rules.yaml}.
 */
public record RulePack(Map<String, List<String>> entities, List<Rule> rules) {

    public static final String DEFAULT_RESOURCE = "/rules/default-rules.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public RulePack {
        entities = entities == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The rule pack bundled with geoalert. */
    public static RulePack defaults() {
        try (InputStream in = RulePack.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the build");
            }
            return parse(in.readAllBytes(), DEFAULT_RESOURCE).validated(DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    /** Loads and validates a rule file. */
    public static RulePack load(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString()).validated(file.toString());
    }

    static RulePack parse(byte[] yaml, String origin) {
        try {
            return YAML.readValue(yaml, RulePack.class);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidRulesException(List.of(origin + (at == null ? "" : ":" + at.getLineNr())
                    + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidRulesException(List.of(origin + ": " + e.getMessage()));
        }
    }

    /** Every problem of the pack, each naming the rule; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            problems.addAll(rule.problems());
            if (rule.id() != null && !ids.add(rule.id())) {
                problems.add("rule '" + rule.id() + "': the id is used twice");
            }
        }
        entities.forEach((name, aliases) -> {
            if (aliases == null || aliases.isEmpty()) {
                problems.add("entity '" + name + "': needs at least one alias");
            }
        });
        return problems;
    }

    /** This pack, or an {@link InvalidRulesException} listing every problem. */
    public RulePack validated(String origin) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems.stream().map(p -> origin + ": " + p).toList());
        }
        return this;
    }

    /** The categories the enabled rules raise alerts in. */
    public Set<String> categories() {
        Set<String> categories = new java.util.TreeSet<>();
        rules.stream().filter(Rule::isEnabled).forEach(r -> categories.add(r.category()));
        return categories;
    }
}
