package io.geoalert.streams.errors;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * An output record could not be written or serialised. Transient errors are retried; an error
 * of the record itself (too large for the topic, unserialisable) sends the input to {@code news.dlq}
 * (stage {@code streams.produce}) and processing goes on. Denied access is the cluster's problem,
 * not the record's: it fails the thread, which the service replaces with backoff.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    public static final String STAGE = "streams.produce";
    private final DeadLetters deadLetters = new DeadLetters();

    @Override
    public Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        if (exception instanceof AuthenticationException || exception instanceof AuthorizationException) {
            return Response.fail();
        }
        return Response.resume(deadLetters.records(STAGE, context, exception));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(
            ErrorHandlerContext context,
            ProducerRecord record,
            Exception exception,
            SerializationExceptionOrigin origin) {
        return Response.resume(deadLetters.records(STAGE, context, exception));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters.configure(configs);
    }
}
