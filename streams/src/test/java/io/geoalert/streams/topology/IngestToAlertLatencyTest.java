package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Topics;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest-to-alert timer: from the item's fetchedAt to the alert's detection, one record per alert. */
class IngestToAlertLatencyTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void recordsFromFetchedAtToDetectionPerAlertIntoTheSloBuckets() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Properties props = props(registry);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                GeoalertTopology.build(
                        () -> RuleMatcher.compile(RulePack.defaults()), registry, Clock.fixed(NOW, ZoneOffset.UTC)),
                props)) {
            TestInputTopic<String, byte[]> news =
                    driver.createInputTopic(Topics.NEWS_RAW, new StringSerializer(), new ByteArraySerializer());
            // fetched 400 ms before detection: three alerts (sanctions, snapback, nuclear)
            news.pipeInput("a", item("a", "UN sanctions snap back on Iran", NOW.minusMillis(400)));
            // no fetchedAt: nothing to measure from (another story: a copy of a would update, not alert)
            news.pipeInput("b", item("b", "Iran faces the return of UN sanctions as the snapback nears", null));
            // a clock ahead of streams': counted as zero, never negative
            news.pipeInput("c", item("c", "Snapback of UN sanctions on Iran begins", NOW.plusSeconds(3)));

            Map<String, Long> alertsPerItem = driver
                    .createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer())
                    .readKeyValuesToList()
                    .stream()
                    .collect(Collectors.groupingBy(kv -> kv.key, Collectors.counting()));
            long ofA = alertsPerItem.getOrDefault("a", 0L);
            long ofC = alertsPerItem.getOrDefault("c", 0L);
            assertTrue(ofA > 0 && ofC > 0 && alertsPerItem.getOrDefault("b", 0L) > 0, alertsPerItem.toString());

            Timer timer = registry.get("geoalert.alert.latency").timer();
            assertEquals(ofA + ofC, timer.count(), "one record per alert of an item with fetchedAt");
            assertEquals(400.0 * ofA, timer.totalTime(TimeUnit.MILLISECONDS), 0.001, "c's alerts count as 0");
            assertEquals(400.0, timer.max(TimeUnit.MILLISECONDS), 0.001);
            assertEquals(ofC, bucket(timer, 0.05), "only c's alerts are within 50 ms");
            assertEquals(ofC, bucket(timer, 0.15));
            assertEquals(ofA + ofC, bucket(timer, 1.0), "a's are within 1 s");
            assertEquals(ofA + ofC, bucket(timer, 30.0));
        }
    }

    private Properties props(SimpleMeterRegistry registry) {
        return StreamsService.properties(
                new StreamsSettings("unused:9092", "latency-test", stateDir, 1, 1, Optional.empty(), Map.of()),
                registry);
    }

    /** Alerts measured at most {@code seconds}: the SLO bucket of that bound. */
    private static long bucket(Timer timer, double seconds) {
        return Arrays.stream(timer.takeSnapshot().histogramCounts())
                .filter((CountAtBucket b) -> Math.abs(b.bucket(TimeUnit.SECONDS) - seconds) < 1e-9)
                .mapToLong(b -> (long) b.count())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bucket at " + seconds + " s"));
    }

    private static byte[] item(String id, String title, Instant fetchedAt) {
        String json = "{\"id\":\"" + id + "\",\"source\":\"wire\",\"title\":\"" + title + "\",\"url\":\"https://x.org/"
                + id + "\",\"body\":\"The E3 triggered the snapback of UN sanctions.\""
                + (fetchedAt == null ? "" : ",\"fetchedAt\":\"" + fetchedAt + "\"") + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
