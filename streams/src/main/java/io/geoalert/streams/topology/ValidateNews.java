package io.geoalert.streams.topology;

import io.geoalert.model.DeadLetterHeaders;
import io.geoalert.model.InvalidNewsItemException;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsItemReader;
import io.micrometer.core.instrument.Counter;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each raw record as a NewsItem. A valid item goes on to matching; an unreadable one
 * goes, byte for byte, to the dead-letter sink with headers saying where it came from and why.
 */
final class ValidateNews implements Processor<String, byte[], String, Object> {

    static final String STAGE = "streams.validate";
    private static final Logger log = LoggerFactory.getLogger(ValidateNews.class);

    private final String validChild;
    private final String deadLetterChild;
    private final Counter deadLettered;
    private ProcessorContext<String, Object> context;

    ValidateNews(String validChild, String deadLetterChild, Counter deadLettered) {
        this.validChild = validChild;
        this.deadLetterChild = deadLetterChild;
        this.deadLettered = deadLettered;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        NewsItem item;
        try {
            item = NewsItemReader.read(record.value());
        } catch (InvalidNewsItemException e) {
            RecordMetadata from = context.recordMetadata().orElseThrow();
            log.warn(
                    "news record {}-{}@{} set aside to the DLQ: {}",
                    from.topic(),
                    from.partition(),
                    from.offset(),
                    e.getMessage());
            DeadLetterHeaders.addTo(record.headers(), STAGE, from.topic(), from.partition(), from.offset(), e);
            deadLettered.increment();
            context.forward(record.withValue((Object) record.value()), deadLetterChild);
            return;
        }
        context.forward(record.withKey(item.id()).withValue((Object) item), validChild);
    }
}
