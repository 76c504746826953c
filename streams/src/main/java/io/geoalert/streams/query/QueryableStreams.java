package io.geoalert.streams.query;

import io.geoalert.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StreamPartitioner;
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

    /**
     * Who holds {@code store}: the other instances with partitions of it, as {@code host:port}, and the
     * partitions no instance holds active (revoked from one and not yet assigned to another).
     */
    public ClusterQuery.Holders holders(String store) {
        requireRunning();
        List<String> hosts = new ArrayList<>();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(store)) {
            HostInfo host = instance.hostInfo();
            if (!host.equals(self)) {
                hosts.add(host.host() + ":" + host.port());
            }
        }
        return new ClusterQuery.Holders(hosts, unheld(store));
    }

    /**
     * Kafka Streams names the active holder of a key's partition; a partitioner that picks the partition
     * asks it partition by partition, and learns how many there are from the first question.
     */
    private List<Integer> unheld(String store) {
        List<Integer> unheld = new ArrayList<>();
        PartitionPicker picker = new PartitionPicker();
        for (picker.partition = 0; picker.partition == 0 || picker.partition < picker.count; picker.partition++) {
            KeyQueryMetadata holder = streams.queryMetadataForKey(store, "", picker);
            if (holder == null) {
                throw new IllegalArgumentException("no store " + store + " in the topology");
            }
            if (holder.partition() < 0) { // a rebalance began since requireRunning
                throw ApiException.unavailable(
                        "the stream processor does not know who holds " + store + " yet", RETRY_AFTER);
            }
            if (holder.activeHost().equals(HostInfo.unavailable())) {
                unheld.add(picker.partition);
            }
        }
        return unheld;
    }

    /** Puts any key on the partition asked about, and notes how many partitions there are. */
    private static final class PartitionPicker implements StreamPartitioner<Object, Object> {
        int partition;
        int count;

        @Override
        public Optional<Set<Integer>> partitions(
                String topic, Object key, Object value, Headers headers, int numPartitions) {
            count = numPartitions;
            return Optional.of(Set.of(partition));
        }

        @Override
        @SuppressWarnings("removal") // the one without headers, which Kafka Streams no longer calls
        public Optional<Set<Integer>> partitions(String topic, Object key, Object value, int numPartitions) {
            return partitions(topic, key, value, null, numPartitions);
        }
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
