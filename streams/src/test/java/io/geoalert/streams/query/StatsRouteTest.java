package io.geoalert.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.http.HttpSettings;
import io.geoalert.model.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/stats} through the cross-instance machinery, with counts that add up. */
class StatsRouteTest {

    /** Counts per category, as a stand-in for the trends stage's answer. */
    record Counts(Map<String, Long> categories) {}

    /** A view that answers fixed counts and adds them up. */
    private static StatsView<Counts> view(Map<String, Long> mine) {
        return new StatsView<>() {
            @Override
            public String store() {
                return "counts";
            }

            @Override
            public Class<Counts> type() {
                return Counts.class;
            }

            @Override
            public Counts local(QueryableStreams streams, Instant now) {
                return new Counts(mine);
            }

            @Override
            public Counts merge(List<Counts> parts) {
                Map<String, Long> sum = new TreeMap<>();
                parts.forEach(p -> p.categories().forEach((k, v) -> sum.merge(k, v, Long::sum)));
                return new Counts(sum);
            }
        };
    }

    private final HttpApi other = new HttpApi(new HttpSettings("127.0.0.1", 0, null, 1 << 20));

    @AfterEach
    void stop() {
        other.close();
    }

    private static ClusterQuery cluster(List<String> others) {
        return new ClusterQuery(
                () -> ClusterQuery.Holders.allHeld(others),
                Duration.ofSeconds(5),
                Optional.empty(),
                List.of(),
                new SimpleMeterRegistry());
    }

    private static JsonNode ask(StatsRoute<Counts> route, Map<String, String> query) throws Exception {
        HttpResponse response = route.handle(new HttpRequest("GET", StatsRoute.PATH, query, Map.of(), Map.of(), null));
        assertEquals(200, response.status());
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void countsOfEveryInstanceAddUpAndTheAnswerSaysItIsWhole() throws Exception {
        other.get(
                StatsRoute.PATH,
                new StatsRoute<>(
                        cluster(List.of()), view(Map.of("sanctions", 2L, "nuclear", 1L)), null, Clock.systemUTC()));
        other.start();
        StatsRoute<Counts> route = new StatsRoute<>(
                cluster(List.of("127.0.0.1:" + other.port())), view(Map.of("sanctions", 3L)), null, Clock.systemUTC());

        JsonNode answer = ask(route, Map.of());
        assertEquals(5, answer.path("categories").path("sanctions").asLong());
        assertEquals(1, answer.path("categories").path("nuclear").asLong());
        assertFalse(answer.path("partial").asBoolean(true));
        assertEquals(
                3,
                ask(route, Map.of("scope", "local"))
                        .path("categories")
                        .path("sanctions")
                        .asLong());
    }
}
