package io.geoalert.streams.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An entity of the gazetteer: its type ({@code state}, {@code organisation}, {@code group}), the
 * words that name it (aliases, capitals, demonyms), for a group such as the E3 its members, and its
 * {@code weight} in an alert's score (default 1: a desk raises the entities it watches, such as Iran
 * and the E3 for snapback, with {@code weight: 2.0}; see {@code AlertFactory}). A plain list in YAML
 * is read as the aliases of a state.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EntityDef(String type, List<String> aliases, List<String> members, double weight) {

    /** The weight of an entity that names none. */
    public static final double DEFAULT_WEIGHT = 1.0;
    /** The highest weight an entity may have. */
    public static final double MAX_WEIGHT = 10.0;

    public EntityDef {
        type = type == null ? "state" : type;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        members = members == null ? List.of() : List.copyOf(members);
    }

    public EntityDef(String type, List<String> aliases, List<String> members) {
        this(type, aliases, members, DEFAULT_WEIGHT);
    }

    @JsonCreator
    static EntityDef of(
            @JsonProperty("type") String type,
            @JsonProperty("aliases") List<String> aliases,
            @JsonProperty("members") List<String> members,
            @JsonProperty("weight") Double weight) {
        return new EntityDef(type, aliases, members, weight == null ? DEFAULT_WEIGHT : weight);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static EntityDef ofAliases(List<String> aliases) {
        return new EntityDef("state", aliases, List.of());
    }

    /** What is wrong with the weight, or null. */
    String weightProblem() {
        return weight > 0 && weight <= MAX_WEIGHT
                ? null
                : "'weight' must be more than 0 and at most " + MAX_WEIGHT + ", was " + weight;
    }
}
