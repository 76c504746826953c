package io.geoalert.producer.source;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.geoalert.model.TimeSpans;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The {@code feeds:} section of the configuration file, turned into sources through the
 * {@link SourceFactory} implementations found on the class path (built-in and plug-ins).
 */
public final class SourcesConfig {

    private SourcesConfig() {}

    /** Every source type available: built-in and from plug-in jars. */
    public static Map<String, SourceFactory> factories() {
        Map<String, SourceFactory> byType = new LinkedHashMap<>();
        for (SourceFactory factory : ServiceLoader.load(SourceFactory.class)) {
            byType.putIfAbsent(factory.type(), factory);
        }
        return byType;
    }

    /**
     * Reads the configuration file's {@code feeds} list.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public static List<Source> load(Path file) throws IOException {
        return load(new YAMLMapper().readValue(file.toFile(), new TypeReference<HashMap<String, Object>>() {}));
    }

    /**
     * The sources listed under {@code feeds:} of a configuration already read.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    public static List<Source> load(Map<String, Object> root) {
        Object feeds = root == null ? null : root.get("feeds");
        if (feeds == null) {
            return List.of();
        }
        if (!(feeds instanceof List<?> list)) {
            throw new IllegalArgumentException("feeds must be a list of sources");
        }
        Map<String, SourceFactory> factories = factories();
        List<Source> sources = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Object entry : list) {
            if (!(entry instanceof Map<?, ?> raw)) {
                throw new IllegalArgumentException("feeds[] entries must be maps with id, type and options");
            }
            Map<String, Object> options = new LinkedHashMap<>();
            raw.forEach((k, v) -> options.put(String.valueOf(k), v));
            String id = String.valueOf(options.remove("id"));
            String type = String.valueOf(options.remove("type"));
            Object every = options.remove("interval");
            SourceSpec spec;
            try {
                spec = new SourceSpec(
                        id,
                        type,
                        every == null ? java.time.Duration.ofMinutes(5) : TimeSpans.duration(every.toString()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        e.getMessage().startsWith("feeds")
                                ? e.getMessage()
                                : "feeds[" + id + "].interval: " + e.getMessage());
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException("feeds[" + id + "].id is used twice");
            }
            SourceFactory factory = factories.get(type);
            if (factory == null) {
                throw new IllegalArgumentException("feeds[" + id + "].type '" + type + "' is unknown; available: "
                        + new java.util.TreeSet<>(factories.keySet()));
            }
            sources.add(factory.create(spec, options));
        }
        return sources;
    }
}
