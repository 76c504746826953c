package io.geoalert.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the operations stack without a Docker engine: docker-compose.yml as
 * docker-compose reads it, the Prometheus configuration and alert rules through promtool (rules
 * unit-tested by ops/prometheus/alerts.test.yml), and the Grafana provisioning and dashboards.
 */
class OpsStackTest {

    private static final String TOKEN = "ops-stack-test-token";
    private static final List<String> GEOALERT_SERVICES = List.of("producer", "streams-1", "streams-2", "consumer");
    private static final Map<String, Integer> HTTP_PORT =
            Map.of("producer", 8080, "streams-1", 8081, "streams-2", 8081, "consumer", 8082);

    @TempDir
    Path tmp;

    private static ExternalTool compose() {
        return ExternalTool.require("docker-compose", "apt-get install docker-compose; .ci/run does");
    }

    private static ExternalTool promtool() {
        return ExternalTool.require("promtool", "apt-get install prometheus; .ci/run does");
    }

    private static JsonNode composeConfig() {
        ExternalTool.Result config = compose()
                .run(
                        OpsFiles.root(),
                        Map.of("GEOALERT_HTTP_TOKEN", TOKEN),
                        null,
                        Duration.ofMinutes(1),
                        "-f",
                        "docker-compose.yml",
                        "config");
        assertEquals(0, config.exit(), config.output());
        return OpsFiles.yaml(config.stdout());
    }

    @Test
    void composeFileValidatesAndRunsKafkaTheServicesTwoStreamsReplicasPrometheusAndGrafana() {
        JsonNode services = composeConfig().path("services");
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(
                new TreeSet<>(
                        List.of("kafka", "producer", "streams-1", "streams-2", "consumer", "prometheus", "grafana")),
                names);

        JsonNode kafka = services.path("kafka");
        assertTrue(kafka.path("image").asText().startsWith("apache/kafka:"), kafka.toString());
        assertEquals(
                "broker,controller",
                kafka.path("environment").path("KAFKA_PROCESS_ROLES").asText(),
                "KRaft: one node is broker and controller");

        for (String name : GEOALERT_SERVICES) {
            JsonNode service = services.path(name);
            assertEquals(
                    TOKEN,
                    service.path("environment").path("GEOALERT_HTTP_TOKEN").asText(),
                    name);
            assertEquals(
                    "kafka:9092",
                    service.path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText(),
                    name);
            String probe = service.path("healthcheck").path("test").toString();
            assertTrue(
                    probe.contains("/health/ready") && probe.contains("/dev/tcp/127.0.0.1/" + HTTP_PORT.get(name)),
                    name + "'s healthcheck asks its own /health/ready: " + probe);
            assertEquals(
                    "service_healthy",
                    service.path("depends_on").path("kafka").path("condition").asText(),
                    name);
        }

        List<String> first = strings(services.path("streams-1").path("command"));
        List<String> second = strings(services.path("streams-2").path("command"));
        assertEquals(first, second, "two replicas of one application");
        assertEquals("geoalert-streams", first.get(first.indexOf("--application-id") + 1));
        assertNotEquals(
                services.path("streams-1").path("hostname").asText(),
                services.path("streams-2").path("hostname").asText(),
                "distinct, fixed hostnames: distinct static members that keep their identity on restart");
        assertNotEquals(
                volumeAt(services.path("streams-1"), "/var/lib/geoalert"),
                volumeAt(services.path("streams-2"), "/var/lib/geoalert"),
                "each replica has its own state directory");

        JsonNode prometheus = services.path("prometheus");
        assertEquals(
                TOKEN,
                prometheus.path("environment").path("GEOALERT_HTTP_TOKEN").asText());
        assertEquals(
                OpsFiles.prometheusDir().toString(),
                volumeAt(prometheus, "/etc/prometheus"),
                "the repository's config");
        String start = prometheus.path("command").toString();
        String tokenFile = credentialsFiles().iterator().next();
        assertTrue(
                start.contains("> " + tokenFile) && start.contains("GEOALERT_HTTP_TOKEN"),
                "Prometheus starts by writing the token where its config reads it: " + start);

        JsonNode grafana = services.path("grafana");
        assertEquals(
                OpsFiles.root().resolve("ops/grafana/provisioning").toString(),
                volumeAt(grafana, "/etc/grafana/provisioning"));
        String dashboardsIn = OpsFiles.yaml(OpsFiles.root().resolve("ops/grafana/provisioning/dashboards/geoalert.yml"))
                .path("providers")
                .get(0)
                .path("options")
                .path("path")
                .asText();
        assertEquals(OpsFiles.dashboardsDir().toString(), volumeAt(grafana, dashboardsIn), "the provider's folder");
    }

    @Test
    void composeRefusesToStartWithoutAToken() {
        // empty counts as unset for ${VAR:?message}, whatever the caller's environment holds
        ExternalTool.Result config = compose()
                .run(
                        OpsFiles.root(),
                        Map.of("GEOALERT_HTTP_TOKEN", ""),
                        null,
                        Duration.ofMinutes(1),
                        "-f",
                        "docker-compose.yml",
                        "config");
        assertNotEquals(0, config.exit());
        assertTrue(config.output().contains("set GEOALERT_HTTP_TOKEN"), config.output());
    }

    @Test
    void prometheusScrapesEveryGeoalertServiceWithTheTokenAndItsConfigIsValid() {
        JsonNode config = OpsFiles.yaml(OpsFiles.prometheusDir().resolve("prometheus.yml"));
        Set<String> targets = new HashSet<>();
        for (JsonNode job : config.path("scrape_configs")) {
            if (!job.path("job_name").asText().startsWith("geoalert-")) {
                continue;
            }
            assertEquals("Bearer", job.path("authorization").path("type").asText(), job.toString());
            for (JsonNode sc : job.path("static_configs")) {
                sc.path("targets").forEach(t -> targets.add(t.asText()));
            }
        }
        for (String name : GEOALERT_SERVICES) {
            assertTrue(targets.contains(name + ":" + HTTP_PORT.get(name)), name + " scraped: " + targets);
        }
        assertEquals(List.of("alerts.yml"), strings(config.path("rule_files")));

        // --syntax-only: the token file exists only inside the container
        ExternalTool.Result check =
                promtool().run(OpsFiles.prometheusDir(), "check", "config", "--syntax-only", "prometheus.yml");
        assertEquals(0, check.exit(), check.output());
    }

    @Test
    void alertRulesPassPromtoolAndTheirUnitTestsAndEachIsTestedFiring() {
        ExternalTool.Result check = promtool().run(OpsFiles.prometheusDir(), "check", "rules", "alerts.yml");
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
        ExternalTool.Result unit = promtool().run(OpsFiles.prometheusDir(), "test", "rules", "alerts.test.yml");
        assertEquals(0, unit.exit(), unit.output());
        assertTrue(unit.output().contains("SUCCESS"), unit.output());

        Set<String> firedInTests = new TreeSet<>();
        for (JsonNode test : OpsFiles.yaml(OpsFiles.prometheusDir().resolve("alerts.test.yml"))
                .path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                if (!expectation.path("exp_alerts").isEmpty()) {
                    firedInTests.add(expectation.path("alertname").asText());
                }
            }
        }
        Set<String> rules = OpsFiles.alertRules().keySet();
        assertEquals(
                new TreeSet<>(List.of(
                        "GeoalertServiceDown",
                        "GeoalertStreamsNotRunning",
                        "GeoalertNoItemsIngested",
                        "GeoalertFeedFailing",
                        "GeoalertDeadLettersHigh",
                        "GeoalertConsumerLagGrowing",
                        "GeoalertDeliveryFailing",
                        "GeoalertSinkFailing",
                        "GeoalertIngestToAlertSlow")),
                new TreeSet<>(rules));
        assertEquals(new TreeSet<>(rules), firedInTests, "every rule has a unit test in which it fires");
    }

    @Test
    void everyDashboardQueryIsPromQlPrometheusAccepts() throws Exception {
        Map<String, JsonNode> dashboards = OpsFiles.dashboards();
        assertEquals(Set.of("pipeline.json", "feeds.json", "streams.json"), dashboards.keySet());
        String uid = OpsFiles.yaml(OpsFiles.root().resolve("ops/grafana/provisioning/datasources/prometheus.yml"))
                .path("datasources")
                .get(0)
                .path("uid")
                .asText();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        Map<String, String> queries = new LinkedHashMap<>();
        Set<String> uids = new HashSet<>();
        dashboards.forEach((file, dashboard) -> {
            assertFalse(dashboard.path("uid").asText().isEmpty(), file);
            List<String> all = OpsFiles.queries(dashboard);
            assertFalse(all.isEmpty(), file);
            for (int i = 0; i < all.size(); i++) {
                queries.put(file + "#" + i, all.get(i));
            }
            dashboard
                    .path("panels")
                    .forEach(p -> uids.add(p.path("datasource").path("uid").asText()));
        });
        assertEquals(Set.of(uid), uids, "every panel uses the provisioned data source");
        int n = 0;
        List<String> order = new ArrayList<>(queries.keySet());
        for (String key : order) {
            // Grafana's variables, as Grafana would expand them
            String expr = queries.get(key).replace("$__rate_interval", "1m").replace("$feed", ".*");
            if (expr.startsWith("label_values(")) {
                expr = PromQlNames.of(expr).iterator().next();
            }
            rules.append("      - record: dashboard:query_").append(n++).append('\n');
            rules.append("        expr: ")
                    .append(OpsFiles.JSON.writeValueAsString(expr))
                    .append('\n');
        }
        Path file = Files.writeString(tmp.resolve("dashboard-queries.yml"), rules);
        ExternalTool.Result check =
                promtool().run(tmp, "check", "rules", file.getFileName().toString());
        assertEquals(0, check.exit(), "dashboard queries " + order + ":\n" + check.output());
        assertTrue(check.output().contains("SUCCESS: " + queries.size() + " rules found"), check.output());
    }

    private static Set<String> credentialsFiles() {
        Set<String> files = new TreeSet<>();
        for (JsonNode job : OpsFiles.yaml(OpsFiles.prometheusDir().resolve("prometheus.yml"))
                .path("scrape_configs")) {
            if (job.path("job_name").asText().startsWith("geoalert-")) {
                files.add(job.path("authorization").path("credentials_file").asText());
            }
        }
        assertEquals(1, files.size(), "one token file for every geoalert job: " + files);
        return files;
    }

    private static String volumeAt(JsonNode service, String target) {
        for (JsonNode volume : service.path("volumes")) {
            List<String> parts = List.of(volume.asText().split(":", -1));
            if (parts.size() >= 2 && parts.get(1).equals(target)) {
                return parts.get(0);
            }
        }
        throw new AssertionError("nothing mounted at " + target + " in " + service.path("volumes"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
