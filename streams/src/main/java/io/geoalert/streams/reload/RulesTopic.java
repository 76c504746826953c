package io.geoalert.streams.reload;

import io.geoalert.kafka.TopicReplay;
import io.geoalert.kafka.Topics;
import io.geoalert.model.Json;
import io.geoalert.streams.rules.InvalidRulesException;
import io.geoalert.streams.rules.Rule;
import io.geoalert.streams.rules.RulePack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads and writes rule changes on {@code geoalert.rules}. The rules in force are the base pack
 * (the bundled defaults or a file) overlaid by the latest record of each rule id on the topic.
 */
public final class RulesTopic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RulesTopic.class);

    private final String bootstrapServers;
    private final Clock clock;
    private KafkaProducer<String, byte[]> producer;

    public RulesTopic(String bootstrapServers, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.clock = clock;
    }

    /** The rules in force: {@code base} with every change on the topic applied. */
    public static RulePack overlay(RulePack base, Map<String, RuleRecord> changes) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        base.rules().forEach(r -> rules.put(r.id(), r));
        changes.values().forEach(c -> {
            if (c.deleted()) {
                rules.remove(c.id());
            } else {
                rules.put(c.id(), c.rule());
            }
        });
        return base.withRules(List.copyOf(rules.values()));
    }

    /** Every rule change on the topic, latest per id, read to the current end. */
    public Map<String, RuleRecord> readAll(Duration timeout) {
        Map<String, RuleRecord> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrapServers)) {
            TopicReplay.fromBeginning(consumer, Topics.RULES, timeout, record -> apply(latest, record));
        }
        return latest;
    }

    static void apply(Map<String, RuleRecord> latest, ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            latest.remove(record.key());
            return;
        }
        try {
            RuleRecord change = Json.read(record.value(), RuleRecord.class);
            latest.put(change.id(), change);
        } catch (RuntimeException e) {
            // written by hand around the API: skip it, the rules in force stay valid
            log.warn("skipping unreadable rule record {}@{}: {}", record.key(), record.offset(), e.getMessage());
        }
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "geoalert-rules-reader"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Validates a rule against the gazetteer of {@code base} and writes it at the next version.
     *
     * @return the record written
     * @throws InvalidRulesException naming every problem; nothing is written then
     */
    public RuleRecord put(Rule rule, RulePack base, Map<String, RuleRecord> current) {
        RulePack alone = base.withRules(List.of(rule));
        List<String> problems = alone.problems();
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        int version = Math.max(rule.version(), nextVersion(rule.id(), base, current));
        RuleRecord record = RuleRecord.put(rule.withVersion(version), clock.instant());
        send(record);
        return record;
    }

    /** Writes a deletion marker for the rule. */
    public RuleRecord delete(String id, RulePack base, Map<String, RuleRecord> current) {
        RuleRecord record = RuleRecord.delete(id, nextVersion(id, base, current), clock.instant());
        send(record);
        return record;
    }

    private static int nextVersion(String id, RulePack base, Map<String, RuleRecord> current) {
        RuleRecord onTopic = current.get(id);
        if (onTopic != null) {
            return onTopic.version() + 1;
        }
        return base.rules().stream().filter(r -> r.id().equals(id)).mapToInt(r -> r.version() + 1).findFirst().orElse(1);
    }

    private synchronized void send(RuleRecord record) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.CLIENT_ID_CONFIG, "geoalert-rules-writer"), new StringSerializer(), new ByteArraySerializer());
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("geoalert.rule.version", Integer.toString(record.version()).getBytes(StandardCharsets.UTF_8));
        headers.add("geoalert.rule.changed-at", record.changedAt().toString().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(new ProducerRecord<>(Topics.RULES, null, record.id(), Json.toBytes(record), headers)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write rule '" + record.id() + "' to " + Topics.RULES + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing rule '" + record.id() + "'", e);
        }
    }

    /** Records that can be listed: the changes, newest first, for logs. */
    static List<String> describe(Map<String, RuleRecord> changes) {
        List<String> out = new ArrayList<>();
        changes.values().forEach(c -> out.add(c.id() + " v" + c.version() + (c.deleted() ? " (deleted)" : "")));
        return out;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(3));
        }
    }
}
