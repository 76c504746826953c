package io.geoalert.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The operations files of the repository: docker-compose.yml and ops/ (Prometheus, alert rules, Grafana). */
final class OpsFiles {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    /** Series Prometheus makes itself for every target: no service exports them. */
    static final Set<String> MADE_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private OpsFiles() {}

    /** The repository: the first folder upward from the working directory with docker-compose.yml and ops/. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("ops"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no docker-compose.yml with ops/ above " + Path.of("").toAbsolutePath());
    }

    static Path prometheusDir() {
        return root().resolve("ops/prometheus");
    }

    static Path dashboardsDir() {
        return root().resolve("ops/grafana/dashboards");
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every dashboard file, by file name. */
    static Map<String, JsonNode> dashboards() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dashboardsDir())) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                out.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The PromQL of a dashboard: every panel target (rows included) and every query variable. */
    static List<String> queries(JsonNode dashboard) {
        List<String> out = new ArrayList<>();
        collectPanels(dashboard.path("panels"), out);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                out.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        return out;
    }

    private static void collectPanels(JsonNode panels, List<String> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(target.get("expr").asText());
                }
            }
            collectPanels(panel.path("panels"), out);
        }
    }

    /** The alerting rules of ops/prometheus/alerts.yml: name to expression. */
    static Map<String, String> alertRules() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode group : yaml(prometheusDir().resolve("alerts.yml")).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.hasNonNull("alert")) {
                    out.put(rule.get("alert").asText(), rule.get("expr").asText());
                }
            }
        }
        return out;
    }

    /** The metric names the dashboards and the alert rules read, less those Prometheus makes itself. */
    static Map<String, Set<String>> metricsReadBy() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        dashboards().forEach((file, dashboard) -> {
            Set<String> names = new TreeSet<>();
            queries(dashboard).forEach(q -> names.addAll(PromQlNames.of(q)));
            names.removeAll(MADE_BY_PROMETHEUS);
            out.put("dashboard " + file, names);
        });
        Set<String> ruleNames = new TreeSet<>();
        alertRules().values().forEach(expr -> ruleNames.addAll(PromQlNames.of(expr)));
        ruleNames.removeAll(MADE_BY_PROMETHEUS);
        out.put("alerts.yml", ruleNames);
        return out;
    }
}
