package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.producer.source.SourcesConfig;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A feed added in the configuration file reaches the alert topics. */
class FeedToAlertIT {

    @TempDir
    Path dir;

    @Test
    void aFeedAddedByConfigFlowsToAlerts() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path feed = dir.resolve("feed.xml");
        Files.writeString(feed, """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Desk %s</title>
                <item><title>E3 trigger snapback of UN sanctions on Iran</title><guid>%s-1</guid>
                <link>https://desk.example.org/%s/snapback</link>
                <description>&lt;p&gt;The UN sanctions would return within 30 days.&lt;/p&gt;</description></item>
                </channel></rss>
                """.formatted(run, run, run));
        Path config = dir.resolve("geoalert.yaml");
        Files.writeString(
                config, "feeds:\n  - {id: desk-" + run + ", type: rss, path: \"" + feed + "\", interval: 1m}\n");
        String bootstrap = KafkaFixture.bootstrapServers();
        NodeSettings settings = TestNodes.producerAndStreams(KafkaClients.of(bootstrap), "feed-it-" + run, dir)
                .withProducer(ProducerSettings.of(bootstrap), SourcesConfig.load(config));
        try (GeoalertNode node = GeoalertNode.start(settings, Clock.systemUTC())) {
            Alert alert = Json.read(
                    TopicReader.await(
                                    bootstrap,
                                    Topics.alertsFor("snapback"),
                                    1,
                                    r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                                            .contains("desk-" + run),
                                    Duration.ofSeconds(60))
                            .get(0)
                            .value(),
                    Alert.class);
            assertEquals("https://desk.example.org/" + run + "/snapback", alert.url());
            assertEquals("desk-" + run, alert.source());
            assertTrue(
                    node.health().check().get("feeds").up(),
                    node.health().check().toString());
        }
    }
}
