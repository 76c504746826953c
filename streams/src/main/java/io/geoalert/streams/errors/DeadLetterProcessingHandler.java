package io.geoalert.streams.errors;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/** A processor threw on a record: the input goes to {@code news.dlq} (stage {@code streams.process}) and processing goes on. */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    public static final String STAGE = "streams.process";
    private final DeadLetters deadLetters = new DeadLetters();

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        return Response.resume(deadLetters.records(STAGE, context, exception));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters.configure(configs);
    }
}
