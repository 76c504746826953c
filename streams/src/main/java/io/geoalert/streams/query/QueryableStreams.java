package io.geoalert.streams.query;

import io.geoalert.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * The state stores of a running Kafka Streams client as queries need them: this instance's active
 * partitions of a store, one by one, and the other instances holding partitions of it. Until the
 * client is RUNNING, and while a partition of this instance is not queryable, it answers 503 with
 * {@code Retry-After}: an answer missing those partitions would look complete.
 */
public final class QueryableStreams {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Map<String, Integer> subtopologyOfStore = new HashMap<>();

    /** @param self the {@code application.server} of this instance */
    public QueryableStreams(KafkaStreams streams, TopologyDescription topology, HostInfo self) {
        this.streams = streams;
        this.self = Objects.requireNonNull(self, "self");
        for (TopologyDescription.Subtopology subtopology : topology.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> subtopologyOfStore.put(store, subtopology.id()));
                }
            }
        }
    }

    /** The other instances that hold partitions of {@code store}, as {@code host:port}. */
    public List<String> others(String store) {
        requireRunning();
        List<String> hosts = new ArrayList<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(store)) {
            HostInfo host = instance.hostInfo();
            if (!host.equals(self)) {
                hosts.add(host.host() + ":" + host.port());
            }
        }
        return hosts;
    }

    /** This instance's active partitions of {@code store}, each its own store, in partition order. */
    public <T> List<T> localPartitions(String store, QueryableStoreType<T> type) {
        requireRunning();
        Integer subtopology = subtopologyOfStore.get(store);
        if (subtopology == null) {
            throw new IllegalArgumentException("no store " + store + " in the topology");
        }
        TreeSet<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                if (task.taskId().subtopology() == subtopology) {
                    partitions.add(task.taskId().partition());
                }
            }
        }
        List<T> stores = new ArrayList<>();
        for (int partition : partitions) {
            try {
                stores.add(streams.store(
                        StoreQueryParameters.fromNameAndType(store, type).withPartition(partition)));
            } catch (InvalidStateStoreException e) {
                throw ApiException.unavailable(
                        "partition " + partition + " of " + store + " is not queryable yet (" + e.getMessage() + ")",
                        RETRY_AFTER);
            }
        }
        return stores;
    }

    private void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable(
                    "the stream processor is " + state + "; its state is queryable once it is RUNNING", RETRY_AFTER);
        }
    }
}
