package io.geoalert.producer.publish;

import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsPartitions;
import io.geoalert.model.Topics;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes NewsItems to {@code news.raw}, keyed by item id, on the partition of the page they name,
 * with an idempotent producer ({@code acks=all}). Input that cannot become a NewsItem goes to {@code news.dlq} instead.
 */
public final class NewsPublisher implements Service {

    public static final String STAGE = "producer";

    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Counter rejected;
    private final KafkaClientMetrics clientMetrics;
    private final AtomicReference<String> lastError = new AtomicReference<>();

    public NewsPublisher(ProducerSettings settings, MeterRegistry registry, Clock clock) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.clientId());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(settings.overrides());
        this.producer = settings.kafka().producer(config, new StringSerializer(), new ByteArraySerializer());
        this.clock = clock;
        this.registry = registry;
        this.rejected = Counter.builder("geoalert.news.rejected")
                .description("Input that could not become a NewsItem and went to news.dlq")
                .tag("stage", STAGE)
                .register(registry);
        this.clientMetrics = new KafkaClientMetrics(producer);
        clientMetrics.bindTo(registry);
    }

    /**
     * Sends one valid item from a configured source; the future completes when the broker has
     * acknowledged it. Metrics are tagged by {@code item.source()}, so use this only where the
     * source id comes from configuration (a feed), never from the request.
     */
    public CompletableFuture<RecordMetadata> publish(NewsItem item) {
        return publish(item, item.source());
    }

    /**
     * Sends one valid item; {@code origin} tags the metrics ({@code http}, {@code file}, a feed id):
     * it must come from configuration, never from the item, so the number of series stays bounded.
     */
    public CompletableFuture<RecordMetadata> publish(NewsItem item, String origin) {
        NewsItem stamped = item.withFetchedAtIfAbsent(clock.instant());
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        int partition;
        try {
            partition = partitionOf(stamped);
        } catch (KafkaException e) {
            // the partitions could not be learnt within max.block.ms: the send would wait as long again, and
            // letting the producer pick by key would put the item where its repeats are not looked for
            failed(done, e);
            return done;
        }
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.NEWS_RAW, partition, stamped.id(), Json.toBytes(stamped));
        var unused = producer.send(record, (metadata, error) -> {
            if (error != null) {
                failed(done, error);
            } else {
                lastError.set(null);
                Counter.builder("geoalert.news.published")
                        .tag("source", origin)
                        .description("Items acknowledged on news.raw, by where they came from (http, file, a feed id)")
                        .register(registry)
                        .increment();
                done.complete(metadata);
            }
        });
        return done;
    }

    private void failed(CompletableFuture<RecordMetadata> done, Exception error) {
        lastError.set(error.toString());
        Counter.builder("geoalert.news.publish.errors")
                .tag("error", error.getClass().getSimpleName())
                .description("Items Kafka did not acknowledge, by the client's exception class")
                .register(registry)
                .increment();
        done.completeExceptionally(error);
    }

    /**
     * The partition of the item's page ({@link NewsPartitions}), where the stream processor follows the page
     * without a repartition hop. Repeats of one item with one URL share the page and so the partition, and
     * still meet the repeat filter. Throws what the producer throws when it cannot learn the partitions
     * (within {@code max.block.ms}): the item is then not sent, as a send would have failed the same way.
     */
    private int partitionOf(NewsItem item) {
        List<PartitionInfo> partitions = producer.partitionsFor(Topics.NEWS_RAW);
        if (partitions.isEmpty()) {
            throw new KafkaException(Topics.NEWS_RAW + " has no partitions");
        }
        return NewsPartitions.partitionOf(item.id(), item.url(), partitions.size());
    }

    /**
     * Sets aside input that is not a valid NewsItem, with headers saying where it came from
     * ({@code origin} such as {@code http} or {@code file:/path}, and its line or index) and why.
     */
    public CompletableFuture<RecordMetadata> deadLetter(byte[] raw, String origin, long position, Exception why) {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.addTo(headers, STAGE, origin, -1, position, why);
        rejected.increment();
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        var unused = producer.send(
                new ProducerRecord<String, byte[]>(Topics.NEWS_DLQ, null, (String) null, raw, headers),
                (metadata, error) -> {
                    if (error != null) {
                        done.completeExceptionally(error);
                    } else {
                        done.complete(metadata);
                    }
                });
        return done;
    }

    /** The last send error, or null after a success: for {@code /health}. */
    @Override
    public String name() {
        return "producer";
    }

    /** The Kafka producer connects on first use; nothing runs in the background. */
    @Override
    public void start() {}

    /** DOWN while the last send failed, with its error. */
    @Override
    public Health.Status health() {
        String error = lastError.get();
        return error == null
                ? Health.Status.up("publishing to " + Topics.NEWS_RAW)
                : Health.Status.down("last send failed: " + error);
    }

    public String lastError() {
        return lastError.get();
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        clientMetrics.close();
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
