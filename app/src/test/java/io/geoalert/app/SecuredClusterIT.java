package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.broker.EmbeddedKafkaBroker;
import io.geoalert.consumer.delivery.ConsumerSettings;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Json;
import io.geoalert.testing.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, secured clusters: a broker whose clients must speak TLS (keys and certificates made by
 * the test with the JDK's keytool), and the whole pipeline — producer, streams, rules, consumer,
 * topic set-up, health — given only the bootstrap address and client properties. Item in, alert out.
 */
class SecuredClusterIT {

    private static final String PASSWORD = "changeit";

    @Test
    void thePipelineRunsAgainstATlsListenerWithClientPropertiesAlone() throws Exception {
        Path dir = TempDirs.create("geoalert-tls-it");
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "broker",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                dir.resolve("broker.crt").toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                dir.resolve("broker.crt").toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                truststore.toString(),
                "-storepass",
                PASSWORD);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(
                dir.resolve("kafka"), 0, 3, new EmbeddedKafkaBroker.ServerKeystore(keystore, "PKCS12", PASSWORD))) {
            KafkaClients tls = new KafkaClients(
                    broker.sslBootstrapServers(),
                    Map.of(
                            "security.protocol",
                            "SSL",
                            "ssl.truststore.location",
                            truststore.toString(),
                            "ssl.truststore.type",
                            "PKCS12",
                            "ssl.truststore.password",
                            PASSWORD));
            Path alertsFile = dir.resolve("alerts.jsonl");
            try (GeoalertNode node = GeoalertNode.start(
                    TestNodes.producerAndStreams(tls, "tls-it", dir)
                            .withConsumer(ConsumerSettings.of(tls), Optional.of(alertsFile), false),
                    Clock.systemUTC())) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + node.httpPort();
                HttpResponse<String> posted = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/news"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"id\":\"tls-1\",\"source\":\"it\","
                                                        + "\"title\":\"EU imposes new sanctions on Iran\",\"body\":\"Sanctions on oil exports.\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, posted.statusCode(), posted.body());

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String alerts = "";
                while (!alerts.contains("tls-1") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    alerts = Files.exists(alertsFile) ? Files.readString(alertsFile) : "";
                }
                assertTrue(alerts.contains("\"itemId\":\"tls-1\""), "alert delivered over TLS: " + alerts);
                // the alerts view reads the topic back on its own, so it may see the alert a moment after the
                // consumer delivered it
                JsonNode recent = alertsView(http, base);
                while (!recent.toString().contains("tls-1") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    recent = alertsView(http, base);
                }
                assertTrue(recent.toString().contains("tls-1"), recent.toString());
                JsonNode health = Json.MAPPER.readTree(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                assertEquals("UP", health.path("status").asText(), health.toString());
                assertTrue(
                        health.path("components")
                                .path("kafka")
                                .path("detail")
                                .asText()
                                .contains(broker.sslBootstrapServers()),
                        health.toString());
                System.out.printf(
                        "[secured] item in, alert out over TLS at %s; health %s%n",
                        broker.sslBootstrapServers(), health.path("status").asText());
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "keytool " + String.join(" ", args) + ": " + output);
    }

    private static JsonNode alertsView(HttpClient http, String base) throws IOException, InterruptedException {
        return Json.MAPPER.readTree(http.send(
                        HttpRequest.newBuilder(URI.create(base + "/v1/alerts")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
    }
}
