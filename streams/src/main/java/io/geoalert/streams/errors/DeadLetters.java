package io.geoalert.streams.errors;

import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Kafka Streams error handlers share: the input record that failed, byte for byte, goes to
 * {@code news.dlq} with Kafka Connect's error headers plus the stage, is counted, and is logged in
 * one line. Processing then goes on with the next record: a record that fails is never retried forever.
 */
final class DeadLetters {

    /** Config key under which the service hands its meter registry to the handlers Streams creates. */
    static final String REGISTRY_CONFIG = "geoalert.meter.registry";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private MeterRegistry registry = new SimpleMeterRegistry();

    void configure(Map<String, ?> configs) {
        if (configs.get(REGISTRY_CONFIG) instanceof MeterRegistry given) {
            registry = given;
        }
    }

    List<ProducerRecord<byte[], byte[]>> records(String stage, ErrorHandlerContext context, Exception error) {
        Counter.builder("geoalert.dlq.records")
                .tag("stage", stage)
                .description(
                        "Records set aside to a dead-letter topic (news.dlq, alerts.dlq), by the stage that gave up on them")
                .register(registry)
                .increment();
        log.warn(
                "record {}-{}@{} set aside to {} at {} ({}): {}",
                context.topic(),
                context.partition(),
                context.offset(),
                Topics.NEWS_DLQ,
                stage,
                context.processorNodeId(),
                error.toString());
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.addTo(headers, stage, context.topic(), context.partition(), context.offset(), error);
        return List.of(
                new ProducerRecord<>(Topics.NEWS_DLQ, null, context.sourceRawKey(), context.sourceRawValue(), headers));
    }
}
