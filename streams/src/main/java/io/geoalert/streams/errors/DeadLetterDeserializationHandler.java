package io.geoalert.streams.errors;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/** A record on an input topic could not be deserialised: it goes to {@code news.dlq} (stage {@code streams.deserialize}). */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    public static final String STAGE = "streams.deserialize";
    private final DeadLetters deadLetters = new DeadLetters();

    @Override
    public Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return Response.resume(deadLetters.records(STAGE, context, exception));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters.configure(configs);
    }
}
