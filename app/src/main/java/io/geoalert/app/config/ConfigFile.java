package io.geoalert.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A configuration file as read: YAML whose top-level keys are sections ({@code streams:},
 * {@code http:}, ...) and the lists and maps of the file alone ({@code feeds:}, {@code limits:}, ...).
 */
public record ConfigFile(Path path, JsonNode root) {

    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * Reads the file; an empty one is an empty configuration.
     *
     * @throws ConfigException when it is missing or not YAML, naming the file
     * @throws IOException when it cannot be read
     */
    public static ConfigFile read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(List.of("config: no such file " + path));
        }
        JsonNode read;
        try {
            read = YAML.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(path + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null
                            ? ""
                            : " (line " + e.getLocation().getLineNr() + ")")));
        }
        return new ConfigFile(
                path,
                read == null || read.isMissingNode() || read.isNull() ? JsonNodeFactory.instance.objectNode() : read);
    }

    /** The value at a key of an option, e.g. {@code streams.story-window}: a field of a section. */
    public Optional<JsonNode> value(String key) {
        int dot = key.indexOf('.');
        JsonNode section = root.get(key.substring(0, dot));
        return section == null || !section.isObject()
                ? Optional.empty()
                : Optional.ofNullable(section.get(key.substring(dot + 1)));
    }
}
