package io.geoalert.streams.reload;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicReplay;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.streams.rules.InvalidRulesException;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes rule changes on {@code geoalert.rules}. The rules in force are the base pack
 * (the bundled defaults or a file) overlaid by the latest record of each rule id on the topic.
 */
public final class RulesTopic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RulesTopic.class);

    private final KafkaClients kafka;
    private final Clock clock;
    private KafkaProducer<String, byte[]> producer;

    public RulesTopic(KafkaClients kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    /**
     * The latest version written for each rule id on the topic, read to the current end, so that a
     * writer such as {@code rules push} numbers its changes after them. Unreadable records are skipped.
     */
    public Map<String, RuleRecord> readAll(Duration timeout) {
        Map<String, RuleRecord> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            TopicReplay.fromBeginning(consumer, Topics.RULES, timeout, record -> {
                if (record.value() == null) {
                    return;
                }
                try {
                    RuleRecord change = Json.read(record.value(), RuleRecord.class);
                    if (change.id() != null) {
                        latest.merge(change.id(), change, (a, b) -> b.version() >= a.version() ? b : a);
                    }
                } catch (RuntimeException e) {
                    log.debug("skipping unreadable rule record {}@{}", record.key(), record.offset());
                }
            });
        }
        return latest;
    }

    static KafkaConsumer<String, byte[]> consumer(KafkaClients kafka) {
        return kafka.consumer(
                Map.of(
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "geoalert-rules-reader"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * Validates a rule against the gazetteer of {@code base} and writes it at {@code version}
     * (assigned by the caller as one above the version in force; the rule's own version is ignored).
     *
     * @return the record written
     * @throws InvalidRulesException naming every problem; nothing is written then
     */
    public RuleRecord put(Rule rule, RulePack base, int version) {
        RulePack alone = base.withRules(List.of(rule));
        List<String> problems = alone.problems();
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        RuleRecord record = RuleRecord.put(rule.withVersion(version), clock.instant());
        send(record);
        return record;
    }

    /** As {@link #put(Rule, RulePack, int)}, numbering after the latest records read with {@link #readAll}. */
    public RuleRecord put(Rule rule, RulePack base, Map<String, RuleRecord> current) {
        return put(rule, base, nextVersion(rule.id(), base, current));
    }

    /** Writes a deletion marker for the rule at {@code version}. */
    public RuleRecord delete(String id, int version) {
        RuleRecord record = RuleRecord.delete(id, version, clock.instant());
        send(record);
        return record;
    }

    private static int nextVersion(String id, RulePack base, Map<String, RuleRecord> current) {
        RuleRecord onTopic = current.get(id);
        int inBase = base.rules().stream()
                .filter(r -> r.id().equals(id))
                .mapToInt(Rule::version)
                .findFirst()
                .orElse(0);
        return Math.max(onTopic == null ? 0 : onTopic.version(), inBase) + 1;
    }

    private synchronized void send(RuleRecord record) {
        if (producer == null) {
            producer = kafka.producer(
                    Map.of(
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.CLIENT_ID_CONFIG, "geoalert-rules-writer"),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("geoalert.rule.version", Integer.toString(record.version()).getBytes(StandardCharsets.UTF_8));
        headers.add("geoalert.rule.changed-at", record.changedAt().toString().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(Topics.RULES, null, record.id(), Json.toBytes(record), headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "could not write rule '" + record.id() + "' to " + Topics.RULES + ": "
                            + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing rule '" + record.id() + "'", e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(3));
        }
    }
}
