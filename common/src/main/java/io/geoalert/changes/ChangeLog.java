package io.geoalert.changes;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.geoalert.model.Json;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes read from a change topic over a base set: the latest accepted record per id, and the
 * records refused. A record is refused — logged, listed, never put in force — when it cannot be read,
 * has no id, names another id than its key, carries a version below 1, at the integer limit or not
 * above the one in force (versions only grow, so the first of two writers at one version wins), or
 * when the kind's validation refuses its content; what is in force stays as it was. A tombstone
 * forgets the id's changes. Thread-safe: the follow thread writes while request threads read.
 */
public final class ChangeLog<R extends VersionedRecord, V> {

    /** Checks the content of a record that passed the checks every kind shares and is not a deletion. */
    @FunctionalInterface
    public interface Validation<R, V> {
        Verdict<V> validate(R record);
    }

    public static final int MAX_REJECTED_LISTED = 100;
    private static final int MAX_REASON_CHARS = 200;
    private static final Logger log = LoggerFactory.getLogger(ChangeLog.class);

    private final ChangeKind<R> kind;
    private final Map<String, V> base;
    private final ToIntFunction<V> baseVersion;
    private final Validation<R, V> validation;
    private final Clock clock;
    private final Map<String, R> latest = new LinkedHashMap<>();
    /** The value of each accepted record that is not a deletion. */
    private final Map<String, V> accepted = new HashMap<>();
    /** {@link #inForce()} as last computed; cleared whenever {@code latest} changes. */
    private Map<String, V> overlaid;

    private final Deque<RejectedRecord> rejected = new ArrayDeque<>();
    private long rejectedTotal;

    /**
     * @param base the values in force before any change, by id, in the order they are listed
     * @param baseVersion the version of a base value: a change must be above it
     */
    public ChangeLog(
            ChangeKind<R> kind,
            Map<String, V> base,
            ToIntFunction<V> baseVersion,
            Validation<R, V> validation,
            Clock clock) {
        this.kind = kind;
        this.base = Collections.unmodifiableMap(new LinkedHashMap<>(base));
        this.baseVersion = baseVersion;
        this.validation = validation;
        this.clock = clock;
    }

    public ChangeKind<R> kind() {
        return kind;
    }

    /** Applies one record from the topic; returns the refusal when it was refused. */
    public synchronized RejectedRecord apply(ConsumerRecord<String, byte[]> record) {
        String refusal = refusal(record);
        if (refusal == null) {
            return null;
        }
        log.warn(
                "{} record {} at {}-{}@{} refused, {} in force unchanged: {}",
                kind.noun(),
                record.key(),
                record.topic(),
                record.partition(),
                record.offset(),
                kind.plural(),
                refusal);
        return listRejected(
                new RejectedRecord(record.key(), record.partition(), record.offset(), clock.instant(), refusal));
    }

    private String refusal(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() != null && latest.remove(record.key()) != null) {
                // a tombstone (written by hand): the topic forgets the id's changes, the base value is back
                accepted.remove(record.key());
                overlaid = null;
            }
            return null;
        }
        R change;
        try {
            change = Json.read(record.value(), kind.type());
        } catch (RuntimeException e) {
            return "unreadable: " + firstLine(e);
        }
        if (change == null || change.id() == null || change.id().isBlank()) {
            return "no " + kind.noun() + " id";
        }
        if (record.key() != null && !record.key().equals(change.id())) {
            return "key '" + record.key() + "' differs from the record's id '" + change.id() + "'";
        }
        if (change.version() < 1) {
            return "version " + change.version() + " is below 1";
        }
        if (change.version() == Integer.MAX_VALUE) {
            return "version is at the integer limit; no later change could be ordered after it";
        }
        int current = versionOf(change.id());
        if (change.version() <= current) {
            return "version " + change.version() + " is not above the version in force (" + current + ")";
        }
        V value = null;
        if (!change.deleted()) {
            Verdict<V> verdict = validation.validate(change);
            if (!verdict.accepted()) {
                return verdict.refusal();
            }
            value = verdict.value();
        }
        latest.put(change.id(), change);
        if (value == null) {
            accepted.remove(change.id());
        } else {
            accepted.put(change.id(), value);
        }
        overlaid = null;
        return null;
    }

    /** The parser's own words, one line, bounded: the record itself is never echoed. */
    private static String firstLine(RuntimeException e) {
        Throwable why = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = why instanceof JsonProcessingException json
                ? json.getOriginalMessage()
                : why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage();
        message = message.lines().findFirst().orElse("");
        return message.length() > MAX_REASON_CHARS ? message.substring(0, MAX_REASON_CHARS) + "…" : message;
    }

    /**
     * Refuses an accepted change for a reason found after reading it (a rule that does not compile):
     * the id's changes are forgotten and the refusal is listed.
     */
    public synchronized void refuse(String id, String reason) {
        latest.remove(id);
        accepted.remove(id);
        overlaid = null;
        listRejected(new RejectedRecord(id, -1, -1, clock.instant(), reason));
    }

    private RejectedRecord listRejected(RejectedRecord refused) {
        rejected.addLast(refused);
        rejectedTotal++;
        while (rejected.size() > MAX_REJECTED_LISTED) {
            rejected.removeFirst();
        }
        return refused;
    }

    /** The values in force, by id: the base with every accepted change applied, base order first. */
    public synchronized Map<String, V> inForce() {
        if (overlaid == null) {
            Map<String, V> out = new LinkedHashMap<>(base);
            latest.values().forEach(change -> {
                if (change.deleted()) {
                    out.remove(change.id());
                } else {
                    out.put(change.id(), accepted.get(change.id()));
                }
            });
            overlaid = Collections.unmodifiableMap(out);
        }
        return overlaid;
    }

    /** The version an id is at now: its latest change, else its version in the base, else 0. */
    public synchronized int versionOf(String id) {
        R change = latest.get(id);
        if (change != null) {
            return change.version();
        }
        V inBase = base.get(id);
        return inBase == null ? 0 : baseVersion.applyAsInt(inBase);
    }

    /** The accepted change in force for an id, or {@code null}. */
    public synchronized R latest(String id) {
        return latest.get(id);
    }

    /** How many ids the topic changes (each by its latest accepted record). */
    public synchronized int changedIds() {
        return latest.size();
    }

    /** Records refused lately, oldest first; at most {@value #MAX_REJECTED_LISTED}. */
    public synchronized List<RejectedRecord> rejected() {
        return new ArrayList<>(rejected);
    }

    /** The last record refused, or {@code null}. */
    public synchronized RejectedRecord lastRejected() {
        return rejected.peekLast();
    }

    /** Every record refused since start, listed or not. */
    public synchronized long rejectedTotal() {
        return rejectedTotal;
    }
}
