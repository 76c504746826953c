package io.geoalert.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.app.config.ConfigKeys.Entry;
import io.geoalert.app.config.ConfigKeys.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What an option is when the command line does not give it: its key's environment variable, else
 * its key in the {@code --config} file, else its built-in default. So the command line beats the
 * environment, which beats the file. The file is checked whole when first read: an unknown key or
 * a value an option cannot take stops the command with every such problem.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

    private final ConfigKeys keys;
    private final Map<String, String> env;
    private final boolean strict;
    private final Map<Path, ConfigFile> files = new HashMap<>();
    private final IdentityHashMap<ArgSpec, String> origins = new IdentityHashMap<>();
    private final Set<String> leftOut = new LinkedHashSet<>();

    /**
     * @param strict whether a problem of the file or environment stops the command; when not, a value
     *     with a problem is left out (for a check that reports the problems itself)
     */
    public ConfigDefaults(ConfigKeys keys, Map<String, String> env, boolean strict) {
        this.keys = keys;
        this.env = Map.copyOf(env);
        this.strict = strict;
    }

    /** The environment the values come from. */
    public Map<String, String> env() {
        return env;
    }

    public ConfigKeys keys() {
        return keys;
    }

    /** The problems of the environment's values left out by a lenient provider: a check reports them. */
    public List<String> leftOut() {
        return List.copyOf(leftOut);
    }

    /** Where an option's value came from, when it came from here: an environment variable or a file. */
    public Optional<String> origin(ArgSpec arg) {
        return Optional.ofNullable(origins.get(arg));
    }

    @Override
    public String defaultValue(ArgSpec arg) throws IOException {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        Optional<Entry> found = keys.entryFor(option);
        if (found.isEmpty() || found.get().shape() == Shape.ENTRIES) {
            return null; // a map option's entries are its section's, read by the option's owner
        }
        Entry entry = found.get();
        for (String variable : entry.key().env()) {
            String text = env.get(variable);
            if (text != null && !text.isBlank()) {
                Optional<String> problem = keys.problemOfText(entry, variable, text);
                if (problem.isPresent()) {
                    if (strict) {
                        throw new ConfigException(List.of(problem.get()));
                    }
                    leftOut.add(problem.get());
                    return null;
                }
                origins.put(arg, variable);
                return supply(option, entry, List.of(text.split(",", -1)), text);
            }
        }
        Path path = configFile(option.command());
        if (path == null) {
            return null;
        }
        Optional<JsonNode> value = file(path).value(entry.key().key());
        if (value.isEmpty()
                || value.get().isNull()
                || keys.problemOfValue(entry, value.get()).isPresent()) {
            return null; // with a problem: refused when the file was read, or left to a lenient check to report
        }
        origins.put(arg, path.toString());
        List<String> texts = new ArrayList<>();
        (value.get().isArray() ? value.get() : List.of(value.get())).forEach(v -> texts.add(v.asText()));
        return supply(option, entry, texts, value.get().asText());
    }

    /**
     * The file, read and checked once per path.
     *
     * @throws ConfigException naming every unknown key and bad value, when strict
     */
    public ConfigFile file(Path path) throws IOException {
        ConfigFile file = files.get(path);
        if (file == null) {
            file = ConfigFile.read(path);
            List<String> problems = keys.problems(file);
            if (strict && !problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            files.put(path, file);
        }
        return file;
    }

    /**
     * One value as picocli takes it; a list is set whole here, since picocli gives a default one
     * value and these options have no separator to split it on.
     */
    private static String supply(OptionSpec option, Entry entry, List<String> texts, String text) {
        if (entry.shape() != Shape.LIST) {
            return text;
        }
        Class<?> type = ConfigKeys.elementType(option);
        List<Object> values = new ArrayList<>();
        texts.forEach(t -> values.add(element(option, type, t.strip())));
        option.setValue(values);
        return null;
    }

    private static Object element(OptionSpec option, Class<?> type, String text) {
        if (type == String.class) {
            return text;
        }
        if (type == Path.class) {
            return Path.of(text);
        }
        if (type == Integer.class) {
            return Integer.valueOf(text);
        }
        if (type == Long.class) {
            return Long.valueOf(text);
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (constant.toString().equals(text)) {
                    return constant;
                }
            }
        }
        throw new IllegalStateException(
                "list option " + option.longestName() + " of " + type.getSimpleName() + " cannot be configured");
    }

    private static Path configFile(CommandSpec command) {
        OptionSpec config = command == null ? null : command.findOption(ConfigKeys.CONFIG_OPTION);
        Object value = config == null ? null : config.getValue();
        return value == null ? null : Path.of(value.toString());
    }
}
