package io.geoalert.producer.ingest;

import io.geoalert.producer.item.JsonLines;
import io.geoalert.producer.publish.NewsPublisher;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a JSON-lines stream (a file or stdin) read by {@link JsonLines}. A line that is not a
 * valid NewsItem (or not UTF-8) goes to {@code news.dlq} with its line number and the reason, and
 * the rest still flows.
 */
public final class JsonLinesIngest {

    private static final Logger log = LoggerFactory.getLogger(JsonLinesIngest.class);

    /** What one run published and set aside. */
    public record Result(int published, int rejected) {}

    private final NewsPublisher publisher;

    public JsonLinesIngest(NewsPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Reads every line, publishes, and waits for all acknowledgements.
     *
     * @param origin where the lines come from, e.g. {@code file:samples/news.jsonl} or {@code stdin}
     */
    public Result publish(InputStream lines, String origin) throws IOException {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        // "file:/path" tags metrics as "file": item sources are data, not a bounded tag
        String tag = origin.contains(":") ? origin.substring(0, origin.indexOf(':')) : origin;
        int published = 0;
        int rejected = 0;
        JsonLines reader = new JsonLines(lines);
        for (JsonLines.Line line = reader.next(); line != null; line = reader.next()) {
            if (line instanceof JsonLines.Item item) {
                sends.add(publisher.publish(item.item(), tag));
                published++;
            } else if (line instanceof JsonLines.Refusal refusal) {
                log.warn(
                        "{} line {} set aside to news.dlq: {}",
                        origin,
                        refusal.number(),
                        refusal.reason().getMessage());
                sends.add(publisher.deadLetter(refusal.raw(), origin, refusal.number(), refusal.reason()));
                rejected++;
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return new Result(published, rejected);
    }
}
