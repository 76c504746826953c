package io.geoalert.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.model.Json;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.streams.topology.GeoalertTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who holds the alerts view, as a client between the two rounds of a rebalance reports it. */
class QueryableStreamsTest {

    private static final HostInfo SELF = new HostInfo("127.0.0.1", 8080);

    @TempDir
    Path stateDir;

    @Test
    void aPartitionNoInstanceHoldsMakesTheAnswerPartialAndIsNamed() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Topology topology =
                GeoalertTopology.build(() -> RuleMatcher.compile(RulePack.defaults()), registry, Clock.systemUTC());
        // a client that is never started: only its metadata is asked, and the test answers for it
        try (MidRebalance streams = new MidRebalance(
                topology,
                StreamsService.properties(
                        new StreamsSettings("127.0.0.1:9", "holders-test", stateDir, 1, 1, Optional.empty(), Map.of()),
                        registry))) {
            QueryableStreams queryable = new QueryableStreams(streams, topology.describe(), SELF);
            assertEquals(
                    new ClusterQuery.Holders(List.of(), List.of(1)), queryable.holders(GeoalertTopology.ALERTS_VIEW));

            QueryRoutes routes = new QueryRoutes(
                    queryable, Duration.ofSeconds(1), Optional.empty(), List.of(), registry, Clock.systemUTC());
            AlertsRoute route = new AlertsRoute(
                    routes.clusterFor(GeoalertTopology.ALERTS_VIEW),
                    query -> new AlertsPage(List.of(), false),
                    Clock.systemUTC());
            HttpResponse response =
                    route.handle(new HttpRequest("GET", AlertsRoute.PATH, Map.of(), Map.of(), Map.of(), null));
            String body = new String(response.body(), StandardCharsets.UTF_8);
            assertEquals(200, response.status(), body);
            JsonNode answer = Json.MAPPER.readTree(body);
            assertTrue(answer.path("partial").asBoolean(false), "partition 1 is held by nobody: " + body);
            assertEquals(List.of(1), Json.MAPPER.convertValue(answer.path("missingPartitions"), List.class), body);
        }
    }

    /**
     * Three partitions: this instance holds 0 and 2 (no task of them running yet), nobody holds 1,
     * which the assignment revoked from an instance and has not given to another yet.
     */
    private static final class MidRebalance extends KafkaStreams {
        MidRebalance(Topology topology, java.util.Properties props) {
            super(topology, props);
        }

        @Override
        public State state() {
            return State.RUNNING;
        }

        @Override
        public Collection<StreamsMetadata> streamsMetadataForStore(String store) {
            return List.of();
        }

        @Override
        public Set<ThreadMetadata> metadataForLocalThreads() {
            return Set.of();
        }

        @Override
        public <K> KeyQueryMetadata queryMetadataForKey(
                String store, K key, StreamPartitioner<? super K, ?> partitioner) {
            int partition = partitioner
                    .partitions("alerts", key, null, new RecordHeaders(), 3)
                    .orElseThrow()
                    .iterator()
                    .next();
            return new KeyQueryMetadata(partition == 1 ? HostInfo.unavailable() : SELF, Set.of(), partition);
        }
    }
}
