package io.geoalert.streams.query;

import io.geoalert.http.ApiException;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a query over state spread across instances from any one of them: this instance's part read
 * directly, every other instance's asked over HTTP with {@code scope=local} (so it answers for itself and
 * forwards nothing), and the parts merged. An instance that does not answer in time is named in the
 * answer's {@code missing}: the answer never waits longer than the timeout, and never fails for it. A
 * partition no instance holds (mid-rebalance) is named in {@code missingPartitions}: the answer is
 * partial, not complete-looking. With a list of peers ({@code http.peers}), only those are asked, with the
 * token: a member of the application id that advertises another address is named in {@code missing}
 * and never sent the token.
 */
public final class ClusterQuery {

    /** The parameter that marks a request as asking one instance for its own part only. */
    public static final String SCOPE = "scope";

    public static final String LOCAL = "local";
    public static final String CLUSTER = "cluster";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ClusterQuery.class);

    /**
     * One query, as read from one request: this instance's part, how another instance's answer reads,
     * and how parts combine.
     */
    public interface Part<T> {
        T local();

        T decode(byte[] body);

        T merge(List<T> parts);
    }

    /**
     * Who holds a store's partitions as a query finds them: the other instances ({@code host:port}), and
     * the partitions no instance holds active (between the two rounds of a rebalance, say).
     */
    public record Holders(List<String> others, List<Integer> unheld) {
        public Holders {
            others = List.copyOf(others);
            unheld = List.copyOf(unheld);
        }

        /** Every partition held, by this instance or {@code others}. */
        public static Holders allHeld(List<String> others) {
            return new Holders(others, List.of());
        }
    }

    /**
     * A merged answer; {@code missing} names the instances ({@code host:port}) whose part it lacks, {@code
     * missingPartitions} the partitions nobody held when it was asked.
     */
    public record Answer<T>(T value, boolean localOnly, List<String> missing, List<Integer> missingPartitions) {
        public Answer {
            missing = List.copyOf(missing);
            missingPartitions = List.copyOf(missingPartitions);
        }

        public boolean partial() {
            return !missing.isEmpty() || !missingPartitions.isEmpty();
        }
    }

    private final Supplier<Holders> holders;
    private final HttpClient client;
    private final Duration timeout;
    private final Optional<String> token;
    private final Set<String> peers;
    private final MeterRegistry registry;
    private final Set<String> refusedLogged = ConcurrentHashMap.newKeySet();

    /**
     * @param holders who holds the state's partitions; throws a 503 {@link ApiException} when this
     *                instance cannot say (rebalancing)
     * @param token   the bearer token the instances' HTTP servers require, if any
     * @param peers   the instances ({@code host:port}) that may be asked and sent the token; empty for any
     */
    public ClusterQuery(
            Supplier<Holders> holders,
            Duration timeout,
            Optional<String> token,
            List<String> peers,
            MeterRegistry registry) {
        this.holders = holders;
        this.timeout = timeout;
        this.token = token;
        this.peers = peers.stream().map(ClusterQuery::normalise).collect(Collectors.toUnmodifiableSet());
        this.registry = registry;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Answers a request: {@code read} parses it into a {@link Part} (400 for bad parameters), {@code render}
     * turns the answer into the response body. Counted in {@code geoalert.query.requests}.
     */
    public <T> HttpResponse respond(
            HttpRequest request, Function<HttpRequest, Part<T>> read, Function<Answer<T>, Object> render) {
        String scope = request.queryParam(SCOPE).orElse(CLUSTER);
        if (!scope.equals(LOCAL) && !scope.equals(CLUSTER)) {
            count(request, "invalid", "bad_request");
            throw ApiException.badRequest(SCOPE, "'scope' must be local or cluster; was '" + scope + "'");
        }
        try {
            Part<T> part = read.apply(request);
            Answer<T> answer =
                    scope.equals(LOCAL) ? new Answer<>(part.local(), true, List.of(), List.of()) : ask(request, part);
            count(request, scope, answer.partial() ? "partial" : "ok");
            return HttpResponse.json(200, render.apply(answer));
        } catch (ApiException e) {
            count(request, scope, e.status() == 503 ? "unavailable" : e.status() < 500 ? "bad_request" : "failed");
            throw e;
        } catch (InvalidStateStoreException e) {
            // a rebalance closed or moved a store while it was being read: the same as asking mid-rebalance
            count(request, scope, "unavailable");
            throw ApiException.unavailable(
                    "the stream processor's state moved while it was read (" + e.getMessage() + "); ask again",
                    QueryableStreams.RETRY_AFTER);
        } catch (RuntimeException e) {
            count(request, scope, "failed");
            throw e;
        }
    }

    private <T> Answer<T> ask(HttpRequest request, Part<T> part) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Holders held = holders.get();
        Map<String, CompletableFuture<T>> remote = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String instance : held.others()) {
            if (isPeer(instance)) {
                remote.put(instance, askRemote(instance, request, part));
            } else {
                refuse(request, instance);
                missing.add(instance);
            }
        }
        List<T> parts = new ArrayList<>();
        parts.add(part.local());
        for (Map.Entry<String, CompletableFuture<T>> next : remote.entrySet()) {
            try {
                parts.add(next.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                next.getValue().cancel(true);
                log.warn("{} at {} did not answer within {} ms", request.path(), next.getKey(), timeout.toMillis());
                missing.add(next.getKey());
            } catch (ExecutionException e) {
                log.warn(
                        "{} at {} failed: {}",
                        request.path(),
                        next.getKey(),
                        e.getCause().toString());
                missing.add(next.getKey());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                missing.add(next.getKey());
            }
        }
        if (!held.unheld().isEmpty()) {
            log.info("{} answered without partitions {}: no instance holds them yet", request.path(), held.unheld());
        }
        return new Answer<>(part.merge(parts), false, missing, held.unheld());
    }

    private boolean isPeer(String instance) {
        return peers.isEmpty() || peers.contains(normalise(instance));
    }

    /** Not asked, so not sent the token: counted every time, logged once per address (for each route: one ClusterQuery serves one). */
    private void refuse(HttpRequest request, String instance) {
        Counter.builder("geoalert.query.peers.refused")
                .description("Instances not asked for their part of a query because they are not in http.peers")
                .tag("route", request.path())
                .register(registry)
                .increment();
        if (refusedLogged.add(instance)) {
            log.warn(
                    "{} is a member of this application id but not in http.peers: not asked (and not sent the"
                            + " token); its part of each answer is missing",
                    instance);
        }
    }

    private static String normalise(String hostAndPort) {
        return hostAndPort.strip().toLowerCase(Locale.ROOT);
    }

    private <T> CompletableFuture<T> askRemote(String instance, HttpRequest request, Part<T> part) {
        java.net.http.HttpRequest.Builder call = java.net.http.HttpRequest.newBuilder(uri(instance, request))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        token.ifPresent(t -> call.header("Authorization", "Bearer " + t));
        Timer.Sample sample = Timer.start(registry);
        return client.sendAsync(call.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    String outcome = error != null
                            ? (error.getCause() instanceof HttpTimeoutException ? "timeout" : "failed")
                            : response.statusCode() == 200 ? "ok" : "status_" + response.statusCode();
                    sample.stop(Timer.builder("geoalert.query.remote")
                            .description("Calls to another instance for its part of a query, by outcome")
                            .tag("route", request.path())
                            .tag("outcome", outcome)
                            .register(registry));
                    if (error != null) {
                        throw new IllegalStateException(error.getCause() == null ? error : error.getCause());
                    }
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("answered " + response.statusCode() + ": "
                                + new String(response.body(), StandardCharsets.UTF_8));
                    }
                    return part.decode(response.body());
                });
    }

    /** The same request for {@code instance}'s own part: the same parameters and {@code scope=local}. */
    static URI uri(String instance, HttpRequest request) {
        Map<String, String> query = new LinkedHashMap<>(request.query());
        query.put(SCOPE, LOCAL);
        String encoded = query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create("http://" + instance + request.path() + "?" + encoded);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private void count(HttpRequest request, String scope, String outcome) {
        Counter.builder("geoalert.query.requests")
                .description("Queries of state held across instances, by route, scope (cluster: all instances,"
                        + " local: this one's part) and outcome (ok, partial, bad_request, unavailable, failed)")
                .tag("route", request.path())
                .tag("scope", scope)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
