package io.geoalert.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every key of the configuration file. Each option of a service command is one, named by the
 * {@link ConfigSection} of the class that declares it and the option's longest name without its
 * dashes: {@code --story-window} in section {@code streams} is {@code streams.story-window}; a name
 * that starts with a section is in that section, {@code --http-port} is {@code http.port}. A map
 * option, such as {@code --kafka-property}, takes the other entries of its section. The keys only
 * the file sets ({@code feeds}, {@code subscriptions}, ...) are given as {@link FileKey}s.
 */
public final class ConfigKeys {

    /** The option that names the configuration file; the file does not name itself. */
    public static final String CONFIG_OPTION = "--config";

    /** How a key's value is written in the file. */
    public enum Shape {
        /** One value: {@code port: 8080}. */
        VALUE,
        /** A list: {@code feeds: [...]}, or an option that may be given more than once. */
        LIST,
        /** A map read whole by its owner: {@code limits: {maxTags: 10}}. */
        MAP,
        /** The section's other entries, each one value: {@code kafka: {security.protocol: SSL}}. */
        ENTRIES
    }

    /**
     * A key only the file (and the environment) sets; one with the key of a map option, e.g.
     * {@code kafka.<property>}, gives the names its entries may have instead.
     *
     * @param names for {@link Shape#ENTRIES}, the entry names allowed, asked for only when a file
     *     has entries (Kafka's take a while to load); empty for the other shapes
     */
    public record FileKey(ConfigKey key, Shape shape, Supplier<Set<String>> names) {

        /** A key of the file alone, with its shape. */
        public static FileKey of(ConfigKey key, Shape shape) {
            return new FileKey(key, shape, Set::of);
        }

        /** The names the entries of a map option's section may have, e.g. Kafka's client properties. */
        public static FileKey entriesOf(String key, Supplier<Set<String>> names) {
            return new FileKey(new ConfigKey(key, "", "", "", List.of(), "", List.of()), Shape.ENTRIES, names);
        }
    }

    /** A key with what reads it: the option (null for keys of the file alone) and how it is written. */
    record Entry(ConfigKey key, Shape shape, OptionSpec option, Supplier<Set<String>> names) {}

    private final Map<String, Entry> byKey;
    private final IdentityHashMap<OptionSpec, Entry> byOption;
    private final Set<String> sections;

    private ConfigKeys(Map<String, Entry> byKey, IdentityHashMap<OptionSpec, Entry> byOption) {
        this.byKey = byKey;
        this.byOption = byOption;
        this.sections = byKey.keySet().stream()
                .filter(k -> k.contains("."))
                .map(k -> k.substring(0, k.indexOf('.')))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The keys of the {@code services} subcommands of {@code root} and the {@code fileKeys}; the
     * options of other commands that share a section (e.g. the cluster's) are read from the file too.
     *
     * @param envAliases an older environment variable that also sets a key, by key
     */
    public static ConfigKeys of(
            CommandSpec root, List<String> services, List<FileKey> fileKeys, Map<String, String> envAliases) {
        IdentityHashMap<OptionSpec, String> sectionOf = new IdentityHashMap<>();
        allCommands(root).forEach(command -> collectSections(command, null, sectionOf));
        Set<String> sectionNames = new TreeSet<>(sectionOf.values());

        IdentityHashMap<OptionSpec, String> keyOf = new IdentityHashMap<>();
        sectionOf.forEach((option, section) -> {
            if (hasKey(option)) {
                keyOf.put(option, keyFor(option, section, sectionNames));
            }
        });
        Map<String, List<String>> commandsOf = new LinkedHashMap<>();
        Map<String, OptionSpec> optionOf = new LinkedHashMap<>();
        for (String service : services) {
            CommandLine command = root.subcommands().get(service);
            if (command == null) {
                continue;
            }
            for (OptionSpec option : command.getCommandSpec().options()) {
                String key = keyOf.get(option);
                if (key != null) {
                    optionOf.putIfAbsent(key, option);
                    List<String> commands = commandsOf.computeIfAbsent(key, k -> new ArrayList<>());
                    if (!commands.contains(service)) {
                        commands.add(service);
                    }
                }
            }
        }
        Map<String, Entry> byKey = new TreeMap<>();
        optionOf.forEach((key, option) -> byKey.put(key, entry(key, option, commandsOf.get(key), envAliases.get(key))));
        for (FileKey file : fileKeys) {
            Entry option = byKey.get(file.key().key());
            byKey.put(
                    file.key().key(),
                    option != null && option.shape() == Shape.ENTRIES
                            ? new Entry(option.key(), option.shape(), option.option(), file.names())
                            : new Entry(file.key(), file.shape(), null, file.names()));
        }
        IdentityHashMap<OptionSpec, Entry> byOption = new IdentityHashMap<>();
        keyOf.forEach((option, key) -> {
            Entry known = byKey.get(key);
            if (known != null) {
                byOption.put(option, known);
            }
        });
        return new ConfigKeys(byKey, byOption);
    }

    /** Every key, in key order. */
    public List<ConfigKey> all() {
        return byKey.values().stream().map(Entry::key).toList();
    }

    /** The key an option reads, if it has one. */
    public Optional<ConfigKey> forOption(OptionSpec option) {
        return Optional.ofNullable(byOption.get(option)).map(Entry::key);
    }

    Optional<Entry> entryFor(OptionSpec option) {
        return Optional.ofNullable(byOption.get(option));
    }

    /**
     * Every problem of a file: unknown keys, with the known key most likely meant, and values an
     * option cannot take, with the values it can. Lists and maps read whole are their readers' to check.
     */
    public List<String> problems(ConfigFile file) {
        JsonNode root = file.root();
        if (!root.isObject()) {
            return List.of(file.path() + " must be a map of sections, e.g. streams: {story-window: 48h}");
        }
        List<String> problems = new ArrayList<>();
        root.properties().forEach(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (byKey.containsKey(name)) {
                return; // feeds, limits, subscriptions: their readers name what is wrong inside
            }
            if (!sections.contains(name)) {
                problems.add(unknown(name));
                return;
            }
            if (value.isNull()) {
                return;
            }
            if (!value.isObject()) {
                problems.add(name + " must be a map of keys, e.g. " + name + ": {" + example(name) + "}");
                return;
            }
            value.properties()
                    .forEach(e -> problem(name + "." + e.getKey(), e.getValue()).ifPresent(problems::add));
        });
        return problems;
    }

    /** The problem of a value in the environment, prefixed with the variable's name. */
    Optional<String> problemOfText(Entry entry, String variable, String text) {
        return (entry.shape() == Shape.LIST
                        ? Arrays.stream(text.split(",", -1))
                                .map(one -> ValueCheck.problem(entry.key().key(), elementType(entry.option()), one))
                                .flatMap(Optional::stream)
                                .findFirst()
                        : ValueCheck.problem(entry.key().key(), entry.option().type(), text))
                .map(p -> variable + ": " + p);
    }

    Optional<String> problemOfValue(Entry entry, JsonNode value) {
        return entry.option() == null
                ? Optional.empty()
                : ValueCheck.problem(entry.key().key(), entry.option(), elementType(entry.option()), value);
    }

    private Optional<String> problem(String key, JsonNode value) {
        Entry entry = byKey.get(key);
        if (entry == null) {
            String section = key.substring(0, key.indexOf('.'));
            String name = key.substring(key.indexOf('.') + 1);
            Optional<Entry> open = byKey.values().stream()
                    .filter(e -> e.shape() == Shape.ENTRIES && e.key().key().startsWith(section + ".<"))
                    .findFirst();
            if (open.isPresent() && open.get().names().get().contains(name)) {
                return value.isContainerNode() ? Optional.of(key + " must be a single value") : Optional.empty();
            }
            return Optional.of(unknown(key));
        }
        if (entry.option() == null) {
            return value.isContainerNode() && entry.shape() == Shape.VALUE
                    ? Optional.of(key + " must be a single value")
                    : Optional.empty();
        }
        return problemOfValue(entry, value);
    }

    private String unknown(String key) {
        List<String> known = new ArrayList<>(byKey.keySet());
        known.addAll(sections);
        byKey.values().stream().filter(e -> e.shape() == Shape.ENTRIES).forEach(e -> {
            String section = e.key().key().substring(0, e.key().key().indexOf('.'));
            e.names().get().forEach(n -> known.add(section + "." + n));
        });
        known.removeIf(k -> k.contains("<"));
        return "unknown key " + key
                + NearestKey.to(key, known)
                        .map(k -> "; did you mean " + k + "?")
                        .orElse("");
    }

    private String example(String section) {
        return byKey.keySet().stream()
                .filter(k -> k.startsWith(section + ".") && !k.contains("<"))
                .findFirst()
                .map(k -> k.substring(section.length() + 1) + ": ...")
                .orElse("...");
    }

    private static Entry entry(String key, OptionSpec option, List<String> commands, String envAlias) {
        boolean map = option.typeInfo().isMap();
        List<String> env = new ArrayList<>();
        env.add(ConfigKey.envName(key));
        if (envAlias != null) {
            env.add(envAlias);
        }
        String defaultValue =
                option.defaultValue() == null || CommandLine.Option.NULL_VALUE.equals(option.defaultValue())
                        ? (option.arity().max() == 0 ? "false" : "")
                        : option.defaultValue();
        return new Entry(
                new ConfigKey(
                        key,
                        option.longestName(),
                        map ? "string" : typeName(option),
                        defaultValue,
                        env,
                        describe(option, defaultValue),
                        commands),
                map ? Shape.ENTRIES : option.isMultiValue() ? Shape.LIST : Shape.VALUE,
                option,
                Set::of);
    }

    /** The option's help without what the table says in its own columns. */
    private static String describe(OptionSpec option, String defaultValue) {
        String text = String.join(" ", rawDescription(option))
                .replace(" (default: ${DEFAULT-VALUE})", "")
                .replace("(default: ${DEFAULT-VALUE}; ", "(")
                .replace("${DEFAULT-VALUE}", defaultValue)
                .replace("${COMPLETION-CANDIDATES}", String.join(", ", constants(elementType(option))));
        return text.strip();
    }

    /**
     * The help as written: picocli interpolates the default into {@link OptionSpec#description()},
     * and the default it sees may be this process's environment's.
     */
    private static String[] rawDescription(OptionSpec option) {
        return option.userObject() instanceof AnnotatedElement element
                        && element.getAnnotation(CommandLine.Option.class) != null
                ? element.getAnnotation(CommandLine.Option.class).description()
                : option.description();
    }

    private static String typeName(OptionSpec option) {
        String one = typeName(elementType(option), option.paramLabel());
        return option.isMultiValue() ? "list of " + one : one;
    }

    private static String typeName(Class<?> type, String label) {
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (ValueCheck.isWholeNumber(type)) {
            return "integer";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", constants(type));
        }
        if (type == Path.class) {
            return "path";
        }
        return "SPAN".equals(label) ? "span" : "string";
    }

    static Class<?> elementType(OptionSpec option) {
        return option.isMultiValue() && option.auxiliaryTypes().length > 0 ? option.auxiliaryTypes()[0] : option.type();
    }

    static List<String> constants(Class<?> type) {
        return type.isEnum()
                ? Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList()
                : List.of();
    }

    private static boolean hasKey(OptionSpec option) {
        return !option.usageHelp()
                && !option.versionHelp()
                && !Arrays.asList(option.names()).contains(CONFIG_OPTION)
                && option.longestName().startsWith("--");
    }

    private static String keyFor(OptionSpec option, String section, Set<String> sectionNames) {
        String name = option.longestName().substring(2);
        String keySection = section;
        for (String candidate : sectionNames) {
            if (name.startsWith(candidate + "-")) {
                keySection = candidate;
                name = name.substring(candidate.length() + 1);
                break;
            }
        }
        return option.typeInfo().isMap() ? keySection + ".<" + name + ">" : keySection + "." + name;
    }

    /** Each option's section: its declaring mixin's, else the nearest one's that mixes it in. */
    private static void collectSections(
            CommandSpec spec, String inherited, IdentityHashMap<OptionSpec, String> sectionOf) {
        Object user = spec.userObject();
        ConfigSection annotation = user == null ? null : user.getClass().getAnnotation(ConfigSection.class);
        String section = annotation == null ? inherited : annotation.value();
        spec.mixins().values().forEach(mixin -> collectSections(mixin, section, sectionOf));
        if (section != null) {
            spec.options().forEach(option -> sectionOf.putIfAbsent(option, section));
        }
    }

    private static List<CommandSpec> allCommands(CommandSpec root) {
        List<CommandSpec> all = new ArrayList<>();
        all.add(root);
        root.subcommands().values().forEach(sub -> all.addAll(allCommands(sub.getCommandSpec())));
        return all;
    }
}
