package io.geoalert.streams.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.http.HttpApi;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.http.HttpSettings;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/alerts} across instances: each one's part asked with {@code scope=local}, merged, paged. */
class ClusterQueryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
    }

    private static Alert alert(String id) {
        return new Alert(
                id,
                "oil-sanctions",
                1,
                "sanctions",
                Severity.HIGH,
                1.0,
                Map.of(),
                "item-" + id,
                "Title " + id,
                "https://x.example/" + id,
                "wire",
                null,
                T0,
                List.of(),
                List.of(),
                "snippet " + id,
                1,
                0);
    }

    /** One instance's part of the view: alerts raised at these seconds after T0, read as the view is. */
    private static Function<AlertQuery, AlertsPage> part(String name, int... seconds) {
        List<AlertsPage.Entry> entries = IntStream.of(seconds)
                .mapToObj(s ->
                        new AlertsPage.Entry(new AlertKey(T0.plusSeconds(s).toEpochMilli(), name + s), alert(name + s)))
                .sorted(java.util.Comparator.comparing(AlertsPage.Entry::key))
                .toList();
        return query -> {
            List<AlertsPage.Entry> after = entries.stream()
                    .filter(e -> query.after() == null || e.key().compareTo(query.after()) > 0)
                    .filter(e -> query.matches(e.alert()))
                    .toList();
            return new AlertsPage(
                    after.subList(0, Math.min(query.limit(), after.size())), after.size() > query.limit());
        };
    }

    /** Another instance on a free port; it must not forward a {@code scope=local} request. */
    private String instance(Function<AlertQuery, AlertsPage> local, String token, List<Map<String, String>> asked)
            throws Exception {
        HttpApi http = new HttpApi(new HttpSettings("127.0.0.1", 0, token, 1 << 20));
        ClusterQuery cluster = new ClusterQuery(
                () -> {
                    throw new AssertionError("a scope=local request was forwarded");
                },
                TIMEOUT,
                Optional.empty(),
                List.of(),
                new SimpleMeterRegistry());
        AlertsRoute route = new AlertsRoute(cluster, local, Clock.systemUTC());
        http.get(AlertsRoute.PATH, request -> {
            asked.add(request.query());
            return route.handle(request);
        });
        http.start();
        running.add(http);
        return "127.0.0.1:" + http.port();
    }

    /** An instance that takes the connection and never answers. */
    private String silentInstance() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(server.accept());
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        running.add(() -> {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        });
        return "127.0.0.1:" + server.getLocalPort();
    }

    private JsonNode ask(AlertsRoute route, Map<String, String> query) throws Exception {
        HttpResponse response = route.handle(new HttpRequest("GET", AlertsRoute.PATH, query, Map.of(), Map.of(), null));
        assertEquals(200, response.status(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        return Json.MAPPER.readTree(response.body());
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("alerts").forEach(a -> ids.add(a.path("alertId").asText()));
        return ids;
    }

    @Test
    void mergesEveryInstancesPartNewestFirstAndPagesOnWithOneCursor() throws Exception {
        List<Map<String, String>> asked = new CopyOnWriteArrayList<>();
        String other = instance(part("b", 9, 7, 5, 3, 1), null, asked);
        AlertsRoute route = new AlertsRoute(
                cluster(List.of(other), Optional.empty()), part("a", 10, 8, 6, 4, 2), Clock.systemUTC());

        JsonNode first = ask(route, Map.of("limit", "4"));
        assertEquals(List.of("a10", "b9", "a8", "b7"), ids(first));
        assertFalse(first.path("partial").asBoolean(true));
        assertFalse(first.has("cursors"), "cursors are for instances asking each other");
        JsonNode second =
                ask(route, Map.of("limit", "4", "cursor", first.path("next").asText()));
        assertEquals(List.of("a6", "b5", "a4", "b3"), ids(second));
        JsonNode last =
                ask(route, Map.of("limit", "4", "cursor", second.path("next").asText()));
        assertEquals(List.of("a2", "b1"), ids(last));
        assertTrue(last.path("next").isNull(), last.toString());

        assertEquals(3, asked.size());
        asked.forEach(q -> assertEquals("local", q.get("scope"), q.toString()));
        assertEquals("4", asked.get(0).get("limit"), "the other instance is asked the same question");
        assertEquals(
                3.0,
                registry.get("geoalert.query.requests")
                        .tags("route", "/v1/alerts", "scope", "cluster", "outcome", "ok")
                        .counter()
                        .count());
    }

    @Test
    void anInstanceThatDoesNotAnswerInTimeIsNamedAndTheOthersAnswer() throws Exception {
        String other = instance(part("b", 9, 7), null, new CopyOnWriteArrayList<>());
        String silent = silentInstance();
        AlertsRoute route =
                new AlertsRoute(cluster(List.of(other, silent), Optional.empty()), part("a", 8), Clock.systemUTC());

        long start = System.nanoTime();
        JsonNode answer = ask(route, Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(List.of("b9", "a8", "b7"), ids(answer));
        assertTrue(answer.path("partial").asBoolean(), answer.toString());
        assertEquals(List.of(silent), Json.MAPPER.convertValue(answer.path("missing"), List.class));
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "gave up on the silent instance: " + took);
        assertEquals(
                1.0,
                registry.get("geoalert.query.requests")
                        .tags("route", "/v1/alerts", "scope", "cluster", "outcome", "partial")
                        .counter()
                        .count());
    }

    @Test
    void otherInstancesAreAskedWithTheNodesTokenAndTheFiltersHoldAcrossThem() throws Exception {
        String other = instance(part("b", 9, 7), "s3cret", new CopyOnWriteArrayList<>());
        Map<String, String> filter = new HashMap<>(Map.of("text", "title b9"));
        AlertsRoute withoutToken =
                new AlertsRoute(cluster(List.of(other), Optional.empty()), part("a", 8), Clock.systemUTC());
        assertEquals(
                List.of(other),
                Json.MAPPER.convertValue(ask(withoutToken, filter).path("missing"), List.class));

        AlertsRoute withToken =
                new AlertsRoute(cluster(List.of(other), Optional.of("s3cret")), part("a", 8), Clock.systemUTC());
        JsonNode answer = ask(withToken, filter);
        assertEquals(List.of("b9"), ids(answer));
        assertFalse(answer.path("partial").asBoolean(true), answer.toString());
    }

    @Test
    void aLocalScopeAnswersForThisInstanceAloneWithEachAlertsCursor() throws Exception {
        AlertsRoute route = new AlertsRoute(
                new ClusterQuery(
                        () -> {
                            throw new AssertionError("forwarded");
                        },
                        TIMEOUT,
                        Optional.empty(),
                        List.of(),
                        registry),
                part("a", 8, 6),
                Clock.systemUTC());
        JsonNode answer = ask(route, Map.of("scope", "local", "limit", "1"));
        assertEquals(List.of("a8"), ids(answer));
        AlertsPage decoded = AlertsRoute.decode(Json.toBytes(answer));
        assertEquals(
                new AlertKey(T0.plusSeconds(8).toEpochMilli(), "a8"),
                decoded.alerts().get(0).key());
        assertTrue(decoded.more());
    }

    @Test
    void onlyTheListedPeersAreAskedAndSentTheToken() throws Exception {
        List<Map<String, String>> askedPeer = new CopyOnWriteArrayList<>();
        List<Map<String, String>> askedStranger = new CopyOnWriteArrayList<>();
        List<String> tokensSeen = new CopyOnWriteArrayList<>();
        String peer = instance(part("b", 9), "s3cret", askedPeer);
        String stranger = recordingInstance(tokensSeen, askedStranger);
        AlertsRoute route = new AlertsRoute(
                new ClusterQuery(
                        () -> ClusterQuery.Holders.allHeld(List.of(peer, stranger)),
                        Duration.ofSeconds(5),
                        Optional.of("s3cret"),
                        List.of(peer.toUpperCase(java.util.Locale.ROOT)),
                        registry),
                part("a", 8),
                Clock.systemUTC());

        JsonNode answer = ask(route, Map.of());
        ask(route, Map.of());

        assertEquals(List.of("b9", "a8"), ids(answer));
        assertTrue(answer.path("partial").asBoolean(), answer.toString());
        assertEquals(List.of(stranger), Json.MAPPER.convertValue(answer.path("missing"), List.class));
        assertEquals(2, askedPeer.size(), "the listed peer is asked each time");
        assertEquals(List.of(), askedStranger, "a member not listed is never called");
        assertEquals(List.of(), tokensSeen, "so it never sees the token");
        assertEquals(
                2.0,
                registry.get("geoalert.query.peers.refused")
                        .tags("route", "/v1/alerts")
                        .counter()
                        .count());
    }

    /** An instance that records whatever reaches it, the Authorization header included. */
    private String recordingInstance(List<String> tokens, List<Map<String, String>> asked) throws Exception {
        HttpApi http = new HttpApi(new HttpSettings("127.0.0.1", 0, null, 1 << 20));
        http.get(AlertsRoute.PATH, request -> {
            asked.add(request.query());
            request.headers().forEach((name, values) -> {
                if (name.equalsIgnoreCase("Authorization")) {
                    tokens.addAll(values);
                }
            });
            return HttpResponse.json(200, Map.of("alerts", List.of()));
        });
        http.start();
        running.add(http);
        return "127.0.0.1:" + http.port();
    }

    /** A query of this test's registry over {@code others}, with any of them asked. */
    private ClusterQuery cluster(List<String> others, Optional<String> token) {
        return new ClusterQuery(() -> ClusterQuery.Holders.allHeld(others), TIMEOUT, token, List.of(), registry);
    }
}
