package io.geoalert.streams.topology;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record time of a news item: the timestamp Kafka carries, but never later than the clock's now
 * plus {@link #MAX_SKEW}. One record stamped far in the future would otherwise move stream time ahead,
 * and every windowed store and trend baseline downstream would treat the normal records after it as
 * late: repeats and copies no longer recognised, a key's trends silenced, its counts expired.
 */
final class ClampedTimestamps implements TimestampExtractor {

    /**
     * How far past this host's clock a timestamp is believed. Producers stamp records with their own
     * clocks: hosts differ by seconds, an unsynchronised one by minutes; beyond that the stamp is a broken
     * clock or set by hand. Five minutes is one trend bucket, so a believed stamp moves a key at most one
     * step ahead.
     */
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(ClampedTimestamps.class);
    private static final long LOG_EVERY_MILLIS = Duration.ofMinutes(1).toMillis();

    private final Clock clock;
    private final Counter clamped;
    private final AtomicLong nextLogAt = new AtomicLong(Long.MIN_VALUE);

    ClampedTimestamps(Clock clock, Counter clamped) {
        this.clock = clock;
        this.clamped = clamped;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long now = clock.millis();
        long timestamp = record.timestamp();
        if (timestamp < 0) {
            // no valid stamp (a client that wrote none): Kafka's default extractor would fail the stream
            // thread on it, every time it is read; the partition's time, or now, keeps it flowing
            timestamp = partitionTime >= 0 ? partitionTime : now;
        }
        long latest = now + MAX_SKEW.toMillis();
        if (timestamp <= latest) {
            return timestamp;
        }
        clamped.increment();
        long logAt = nextLogAt.get();
        // a producer with a broken clock stamps every record: a line a minute says so, the counter counts
        if (now >= logAt && nextLogAt.compareAndSet(logAt, now + LOG_EVERY_MILLIS)) {
            log.warn(
                    "record {}-{}@{} is stamped {}, more than {} past this host's clock: processed at {} ({} so far)",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    Instant.ofEpochMilli(timestamp),
                    MAX_SKEW,
                    Instant.ofEpochMilli(latest),
                    (long) clamped.count());
        }
        return latest;
    }
}
