package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.streams.backtest.Backtest;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.TempDirs;
import io.geoalert.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rules changed over HTTP on a running node, and backtests over retained news, on a real broker. */
class RuleChangesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static GeoalertNode node;
    private static String bootstrap;

    @BeforeAll
    static void startNode() throws Exception {
        bootstrap = KafkaFixture.bootstrapServers();
        Path dir = TempDirs.create("geoalert-rules-it");
        String run = UUID.randomUUID().toString().substring(0, 8);
        node = GeoalertNode.start(
                TestNodes.pipeline(KafkaClients.of(bootstrap), "rules-it-" + run, dir), Clock.systemUTC());
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void postNews(String id, String title) throws Exception {
        HttpResponse<String> response = send(
                "POST",
                "/v1/news",
                "{\"id\":\"" + id + "\",\"source\":\"it\",\"title\":\"" + title + "\",\"body\":\"-\"}");
        assertEquals(202, response.statusCode(), response.body());
    }

    @Test
    void aRulePutOverHttpIsInForceWithoutRestartAndRoutesItsNewCategory() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String category = "cyber" + run;
        HttpResponse<String> put = send(
                "PUT",
                "/v1/rules/cyber-" + run,
                "{\"category\":\"" + category
                        + "\",\"severity\":\"medium\",\"any\":[\"ransomware\",{\"near\":[\"hack\",\"ministry\"],\"within\":4}]}");
        assertEquals(200, put.statusCode(), put.body());
        JsonNode answer = Json.MAPPER.readTree(put.body());
        assertTrue(answer.path("inForce").asBoolean(), put.body());
        assertTrue(answer.path("appliedInMs").asLong() < 1000, "applied within a second: " + put.body());
        assertEquals(1, answer.path("version").asInt());

        String id = "cy-" + run;
        postNews(id, "Hackers hit the foreign ministry with ransomware");
        Alert alert = Json.read(
                TopicReader.await(bootstrap, Topics.alertsFor(category), 1, r -> id.equals(r.key()), WAIT)
                        .get(0)
                        .value(),
                Alert.class);
        assertEquals("cyber-" + run, alert.ruleId());
        assertEquals(1, alert.ruleVersion());

        HttpResponse<String> changed = send(
                "PUT",
                "/v1/rules/cyber-" + run,
                "{\"category\":\"" + category + "\",\"severity\":\"high\",\"any\":[\"ransomware\"]}");
        assertEquals(2, Json.MAPPER.readTree(changed.body()).path("version").asInt(), changed.body());

        HttpResponse<String> deleted = send("DELETE", "/v1/rules/cyber-" + run, null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(404, send("GET", "/v1/rules/cyber-" + run, null).statusCode());

        String after = "cy-after-" + run;
        String control = "control-" + run;
        postNews(after, "More ransomware at the ministry");
        postNews(control, "Parliament ratifies the border treaty");
        TopicReader.await(bootstrap, Topics.ALERTS, 1, r -> control.equals(r.key()), WAIT);
        Thread.sleep(500); // let the other partitions catch up with the control item's
        assertEquals(
                0,
                TopicReader.readToEnd(bootstrap, Topics.alertsFor(category), r -> after.equals(r.key()))
                        .size(),
                "no alert from a deleted rule");
    }

    @Test
    void anInvalidRuleIsRefusedNamingTheProblemAndNeverWritten() throws Exception {
        HttpResponse<String> bad = send(
                "PUT",
                "/v1/rules/bad",
                "{\"category\":\"sanctions\",\"severity\":\"low\",\"any\":[{\"entity\":\"Atlantis\"}]}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("entity 'Atlantis' is not in the gazetteer"), bad.body());
        HttpResponse<String> mismatch = send(
                "PUT", "/v1/rules/a", "{\"id\":\"b\",\"category\":\"sanctions\",\"severity\":\"low\",\"any\":[\"x\"]}");
        assertEquals(400, mismatch.statusCode());
        assertEquals(
                0,
                TopicReader.readToEnd(
                                bootstrap,
                                Topics.RULES,
                                r -> "bad".equals(r.key()) || "a".equals(r.key()) || "b".equals(r.key()))
                        .size());
    }

    @Test
    void backtestCountsWhatCandidateRulesWouldHaveFiredOnWithoutAlerting() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant since = Instant.now().minusSeconds(1);
        postNews("bt1-" + run, "Quokka" + run + " sighting near the embassy");
        postNews("bt2-" + run, "Second quokka" + run + " sighting");
        postNews("bt3-" + run, "Nothing to see");
        RulePack candidate = RulePack.parse(
                        ("rules:\n  - id: quokka\n    category: wildlife" + run
                                        + "\n    severity: low\n    any: [quokka" + run + "]\n")
                                .getBytes(StandardCharsets.UTF_8),
                        "candidate.yaml")
                .validated("candidate.yaml");
        TopicReader.await(bootstrap, Topics.NEWS_RAW, 3, r -> r.key().endsWith(run), WAIT);

        Backtest.Report report = Backtest.run(
                io.geoalert.kafka.KafkaClients.of(bootstrap), RuleMatcher.compile(candidate), since, 5, WAIT);
        assertTrue(report.itemsRead() >= 3, "read " + report.itemsRead());
        Backtest.RuleCount quokka = report.rules().get(0);
        assertEquals(2, quokka.fired());
        assertEquals(2, quokka.examples().size());
        assertEquals(
                0,
                TopicReader.readToEnd(
                                bootstrap,
                                Topics.ALERTS,
                                r -> new String(r.value(), StandardCharsets.UTF_8).contains("wildlife" + run))
                        .size(),
                "the backtest raised no alert");
    }
}
