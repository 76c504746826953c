package io.geoalert.producer.source;

import io.geoalert.model.NewsItem;
import java.time.Duration;
import java.util.List;

/**
 * A place news comes from, polled on a schedule. Implementations keep their own state between
 * polls (validators, positions) and throw {@link SourceException} for expected failures.
 */
public interface Source {

    /** The id from the configuration; stored as each item's {@code source} unless the item names one. */
    String id();

    /** How often to poll when all is well. */
    Duration interval();

    /** The items available now; items already published are filtered out by the caller. */
    List<NewsItem> poll() throws SourceException;

    /** Input the last polls could not read, to be set aside to {@code news.dlq}; emptied by the call. */
    default List<RejectedInput> drainRejected() {
        return List.of();
    }

    /**
     * Everything the last poll returned (its items, apart from those already published, and its
     * rejected input) is acknowledged by Kafka: a source may now let go of it (e.g. move a file aside).
     */
    default void onPublished() {}

    /** Publishing what the last poll returned failed; the next poll should offer it again. */
    default void onPublishFailed(Exception why) {}
}
