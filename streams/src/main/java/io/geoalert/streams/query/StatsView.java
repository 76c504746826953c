package io.geoalert.streams.query;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /v1/stats} answers from: this instance's counts, read from its partitions of a store,
 * and how counts from several instances add up. The stage that keeps the counts provides it.
 *
 * @param <T> the answer, written and read as JSON (a JSON object, so the route can add {@code partial})
 */
public interface StatsView<T> {

    /** The store holding the counts: the instances with partitions of it are asked. */
    String store();

    /** The answer's type, to read other instances' answers. */
    Class<T> type();

    /** This instance's counts at {@code now}; a 503 {@code ApiException} while they cannot be read. */
    T local(QueryableStreams streams, Instant now);

    /** Counts from several instances as one answer. */
    T merge(List<T> parts);
}
