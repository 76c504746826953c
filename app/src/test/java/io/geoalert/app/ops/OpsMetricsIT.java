package io.geoalert.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.app.GeoalertNode;
import io.geoalert.app.NodeSettings;
import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.consumer.subscription.SubscriptionParser;
import io.geoalert.http.HttpSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Topics;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.producer.source.SourcesConfig;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.streams.topology.GeoalertTopology;
import io.geoalert.testing.ExternalTool;
import io.geoalert.testing.KafkaFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node (producer with a feed, streams, consumer with a file sink and a subscription) on the
 * test broker, given traffic: every metric the dashboards and the alert rules read is on its
 * /metrics, {@code promtool check metrics} finds nothing wrong with the {@code geoalert_*} series,
 * and the probes answer as docker-compose's healthchecks expect.
 */
class OpsMetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Kafka binders bind metrics that appear after start-up (tasks, state stores) on a 60 s refresh. */
    private static final Duration METRICS_DEADLINE = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @Test
    void everyMetricTheDashboardsAndAlertRulesReadIsExportedAndPromtoolFindsNoGeoalertProblem() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = KafkaFixture.bootstrapServers();
        KafkaClients kafka = KafkaClients.of(bootstrap);
        NodeSettings settings = settings(kafka, run);
        try (GeoalertNode node = GeoalertNode.start(settings, Clock.systemUTC())) {
            traffic(node, bootstrap, run);

            Map<String, Set<String>> wanted = OpsFiles.metricsReadBy();
            Map<String, Set<String>> missing = awaitExported(node, wanted);
            assertTrue(
                    missing.values().stream().allMatch(Set::isEmpty),
                    "read by the dashboards or rules but not exported: " + missing);

            String scrape = get(node, "/metrics").body();
            assertLatency(scrape);
            assertLagRead(node, settings);
            assertPromtoolFindsNoGeoalertProblem(scrape);
            assertProbes(node);
        }
    }

    private NodeSettings settings(KafkaClients kafka, String run) throws Exception {
        Path feed = dir.resolve("feed.xml");
        Files.writeString(feed, """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Ops desk %s</title>
                <item><title>Tehran vows a response as the snapback of UN sanctions nears</title><guid>%s-1</guid>
                <link>https://ops.example.org/%s/snapback</link>
                <description>Officials said restored sanctions would end all cooperation with inspectors.</description></item>
                </channel></rss>
                """.formatted(run, run, run));
        Path config = dir.resolve("geoalert.yaml");
        Files.writeString(
                config, "feeds:\n  - {id: ops-" + run + ", type: rss, path: \"" + feed + "\", interval: 1m}\n");
        Subscription toFile = SubscriptionParser.parse(SubscriptionParser.yaml(
                ("{id: ops-file-" + run + ", channel: {type: file, path: '" + dir.resolve("delivered.jsonl") + "'}}")
                        .getBytes(StandardCharsets.UTF_8)));
        return NodeSettings.of(kafka, 3, new HttpSettings("127.0.0.1", 0, null, 1 << 20))
                .withProducer(ProducerSettings.of(kafka), SourcesConfig.load(config))
                .withStreams(new StreamsSettings(
                        kafka,
                        "ops-metrics-it-" + run,
                        dir.resolve("streams"),
                        1,
                        3,
                        Optional.empty(),
                        Map.of(),
                        GeoalertTopology.DEFAULT_REPEAT_WINDOW,
                        GeoalertTopology.DEFAULT_STORY_WINDOW,
                        StreamsSettings.DEFAULT_MAX_CATEGORIES))
                .withConsumer(
                        new ConsumerSettings(kafka, "ops-metrics-it-" + run + "-consumer", 1, Duration.ZERO, Map.of()),
                        Optional.of(dir.resolve("alerts.jsonl")),
                        false)
                .withSubscriptions(List.of(toFile));
    }

    /** Items over HTTP (some raising alerts), and a record streams cannot read (to news.dlq). */
    private static void traffic(GeoalertNode node, String bootstrap, String run) throws Exception {
        for (int i = 0; i < 5; i++) {
            String item = "{\"source\": \"ops-desk\", \"title\": \"UN moves to reimpose sanctions on Iran " + i
                    + "\", \"url\": \"https://ops.example.org/" + run + "/" + i
                    + "\", \"body\": \"The E3 triggered the snapback mechanism; sanctions return.\"}";
            HttpResponse<String> posted = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/news"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(item))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, posted.statusCode(), posted.body());
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topics.NEWS_RAW, "bad-" + run, "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    /** Scrapes until every wanted name is there or the deadline passes; what is still missing, by reader. */
    private static Map<String, Set<String>> awaitExported(GeoalertNode node, Map<String, Set<String>> wanted)
            throws Exception {
        Instant deadline = Instant.now().plus(METRICS_DEADLINE);
        Map<String, Set<String>> missing;
        do {
            Set<String> exported = exportedNames(get(node, "/metrics").body());
            missing = new LinkedHashMap<>();
            for (Map.Entry<String, Set<String>> reader : wanted.entrySet()) {
                Set<String> absent = new TreeSet<>(reader.getValue());
                absent.removeAll(exported);
                missing.put(reader.getKey(), absent);
            }
            if (missing.values().stream().allMatch(Set::isEmpty)) {
                return missing;
            }
            Thread.sleep(2000);
        } while (Instant.now().isBefore(deadline));
        return missing;
    }

    /** The series names in a Prometheus text exposition (histogram and counter suffixes included as written). */
    static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.lines().toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    private static void assertLatency(String scrape) {
        Matcher count = Pattern.compile("(?m)^geoalert_alert_latency_seconds_count\\{[^}]*} (\\S+)$")
                .matcher(scrape);
        assertTrue(count.find(), "the ingest-to-alert timer is exported");
        assertTrue(Double.parseDouble(count.group(1)) >= 1, "alerts were measured: " + count.group());
        for (String le : List.of("0.05", "0.15", "1.0", "5.0", "30.0")) {
            assertTrue(
                    scrape.contains(
                            "geoalert_alert_latency_seconds_bucket{application=\"geoalert\",le=\"" + le + "\"}"),
                    "SLO bucket " + le);
        }
    }

    /** The lag of each of the node's groups is exported and, once read (every 15 s), a number of records. */
    private static void assertLagRead(GeoalertNode node, NodeSettings settings) throws Exception {
        for (String group : List.of(
                settings.streams().orElseThrow().applicationId(),
                settings.consumer().orElseThrow().groupId())) {
            Pattern series = Pattern.compile("(?m)^geoalert_consumer_lag\\{application=\"geoalert\",group=\""
                    + Pattern.quote(group) + "\"} (\\S+)$");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            double value;
            String seen;
            do {
                Matcher lag = series.matcher(get(node, "/metrics").body());
                assertTrue(lag.find(), "lag of " + group + " exported");
                seen = lag.group();
                value = Double.parseDouble(lag.group(1));
                if (Double.isFinite(value)) {
                    break;
                }
                Thread.sleep(1000);
            } while (Instant.now().isBefore(deadline));
            assertTrue(value >= 0 && Double.isFinite(value), "lag of " + group + " read from the broker: " + seen);
        }
    }

    private static void assertPromtoolFindsNoGeoalertProblem(String scrape) {
        ExternalTool promtool = ExternalTool.require("promtool", "apt-get install prometheus; .ci/run does");
        ExternalTool.Result check = promtool.run(
                Path.of("."),
                Map.of(),
                scrape.getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(1),
                "check",
                "metrics");
        List<String> problems = check.output()
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
        List<String> ours = new ArrayList<>(
                problems.stream().filter(l -> l.startsWith("geoalert_")).toList());
        System.out.printf(
                "[ops] promtool check metrics: %d problems, %d of them geoalert_* (%d series names exported)%n",
                problems.size(), ours.size(), exportedNames(scrape).size());
        assertTrue(problems.stream().noneMatch(l -> l.contains("error while linting")), check.output());
        assertEquals(List.of(), ours, "promtool on the geoalert_* series");
    }

    /** /health/live and /health/ready answer 200 with the small bodies probes expect, and so does compose's check. */
    private static void assertProbes(GeoalertNode node) throws Exception {
        HttpResponse<String> live = get(node, "/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("{\"status\":\"UP\"}", live.body());
        HttpResponse<String> ready = get(node, "/health/ready");
        assertEquals(
                200,
                ready.statusCode(),
                ready.body() + " / " + get(node, "/health").body());
        assertEquals("{\"status\":\"UP\"}", ready.body());

        JsonNode services =
                OpsFiles.yaml(OpsFiles.root().resolve("docker-compose.yml")).path("services");
        List<String> probe = new ArrayList<>();
        services.path("producer").path("healthcheck").path("test").forEach(t -> probe.add(t.asText()));
        assertEquals(List.of("CMD", "bash", "-c"), probe.subList(0, 3), probe.toString());
        String script = probe.get(3).replace("/dev/tcp/127.0.0.1/8080", "/dev/tcp/127.0.0.1/" + node.httpPort());
        assertNotEquals(probe.get(3), script, "the probe names the producer's port");
        ExternalTool bash = ExternalTool.require("bash", "the compose healthcheck is a bash script");
        ExternalTool.Result healthy = bash.run(Path.of("."), Map.of(), null, Duration.ofSeconds(30), "-c", script);
        assertEquals(0, healthy.exit(), "compose's healthcheck passes against a ready node: " + healthy.output());
        ExternalTool.Result wrong = bash.run(
                Path.of("."),
                Map.of(),
                null,
                Duration.ofSeconds(30),
                "-c",
                script.replace("/health/ready", "/health/nothing"));
        assertFalse(wrong.exit() == 0, "and fails on anything but a 200");
    }

    private static HttpResponse<String> get(GeoalertNode node, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
