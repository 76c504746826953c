package io.geoalert.streams.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An entity of the gazetteer: its type ({@code state}, {@code organisation}, {@code group}), the
 * words that name it (aliases, capitals, demonyms) and, for a group such as the E3, its members.
 * A plain list in YAML is read as the aliases of a state.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record EntityDef(String type, List<String> aliases, List<String> members) {

    public EntityDef {
        type = type == null ? "state" : type;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        members = members == null ? List.of() : List.copyOf(members);
    }

    @JsonCreator
    static EntityDef of(
            @JsonProperty("type") String type,
            @JsonProperty("aliases") List<String> aliases,
            @JsonProperty("members") List<String> members) {
        return new EntityDef(type, aliases, members);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static EntityDef ofAliases(List<String> aliases) {
        return new EntityDef("state", aliases, List.of());
    }
}
