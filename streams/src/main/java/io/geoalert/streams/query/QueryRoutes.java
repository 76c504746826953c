package io.geoalert.streams.query;

import io.geoalert.http.HttpApi;
import io.geoalert.model.Alert;
import io.geoalert.streams.topology.GeoalertTopology;
import io.geoalert.streams.trend.MentionStatsView;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The routes answered from the stream processor's state stores, from whichever instance is asked:
 * {@code GET /v1/alerts} from the alerts view, {@code GET /v1/stats} from the counts a {@link StatsView}
 * reads. {@link #clusterFor} and {@link #streams()} serve any other such route (a store read locally,
 * merged across instances).
 */
public final class QueryRoutes {

    private final QueryableStreams streams;
    private final Duration timeout;
    private final Optional<String> token;
    private final List<String> peers;
    private final MeterRegistry registry;
    private final Clock clock;

    /**
     * @param timeout how long an answer waits for other instances
     * @param token   the bearer token of the instances' HTTP servers, if they need one
     * @param peers   the instances that may be asked and sent the token ({@code host:port}); empty for any
     */
    public QueryRoutes(
            QueryableStreams streams,
            Duration timeout,
            Optional<String> token,
            List<String> peers,
            MeterRegistry registry,
            Clock clock) {
        this.streams = streams;
        this.timeout = timeout;
        this.token = token;
        this.peers = List.copyOf(peers);
        this.registry = registry;
        this.clock = clock;
    }

    /** Binds {@code GET /v1/alerts} and {@code GET /v1/stats} (stories counted per category and entity). */
    public void bind(HttpApi http) {
        http.get(AlertsRoute.PATH, new AlertsRoute(clusterFor(GeoalertTopology.ALERTS_VIEW), this::localAlerts, clock));
        bindStats(http, new MentionStatsView());
    }

    /** Binds {@code GET /v1/stats} to the counts {@code view} reads, merged across instances. */
    public <T> void bindStats(HttpApi http, StatsView<T> view) {
        http.get(StatsRoute.PATH, new StatsRoute<>(clusterFor(view.store()), view, streams, clock));
    }

    /** Queries across the instances that hold partitions of {@code store}. */
    public ClusterQuery clusterFor(String store) {
        return new ClusterQuery(() -> streams.holders(store), timeout, token, peers, registry);
    }

    /** This instance's stores. */
    public QueryableStreams streams() {
        return streams;
    }

    private AlertsPage localAlerts(AlertQuery query) {
        List<ReadOnlyKeyValueStore<AlertKey, Alert>> partitions =
                streams.localPartitions(GeoalertTopology.ALERTS_VIEW, QueryableStoreTypes.keyValueStore());
        return AlertsViewReader.read(partitions, query);
    }
}
