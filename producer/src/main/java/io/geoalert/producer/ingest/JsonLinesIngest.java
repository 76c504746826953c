package io.geoalert.producer.ingest;

import io.geoalert.model.InvalidNewsItemException;
import io.geoalert.model.NewsItemReader;
import io.geoalert.producer.publish.NewsPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes a JSON-lines stream (a file or stdin). A line that is not a valid NewsItem goes
 * to {@code news.dlq} with its line number and the reason, and the rest still flows.
 */
public final class JsonLinesIngest {

    private static final Logger log = LoggerFactory.getLogger(JsonLinesIngest.class);

    /** What one run published and set aside. */
    public record Result(int published, int rejected) {
    }

    private final NewsPublisher publisher;

    public JsonLinesIngest(NewsPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Reads every line, publishes, and waits for all acknowledgements.
     *
     * @param origin where the lines come from, e.g. {@code file:samples/news.jsonl} or {@code stdin}
     */
    public Result publish(BufferedReader lines, String origin) throws IOException {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        // "file:/path" tags metrics as "file": item sources are data, not a bounded tag
        String tag = origin.contains(":") ? origin.substring(0, origin.indexOf(':')) : origin;
        int published = 0;
        int rejected = 0;
        long lineNumber = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            byte[] raw = line.getBytes(StandardCharsets.UTF_8);
            try {
                sends.add(publisher.publish(NewsItemReader.read(raw), tag));
                published++;
            } catch (InvalidNewsItemException e) {
                log.warn("{} line {} set aside to news.dlq: {}", origin, lineNumber, e.getMessage());
                sends.add(publisher.deadLetter(raw, origin, lineNumber, e));
                rejected++;
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return new Result(published, rejected);
    }
}
