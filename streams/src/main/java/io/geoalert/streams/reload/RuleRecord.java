package io.geoalert.streams.reload;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.geoalert.changes.VersionedRecord;
import io.geoalert.streams.rules.Rule;
import java.time.Instant;
import java.util.UUID;

/**
 * A rule change as kept on the compacted topic {@code geoalert.rules}, keyed by rule id: the
 * rule at its new version, or a deletion marker (not a tombstone, so that deleting a rule of the
 * default pack survives compaction), with when it changed. {@code writeId} tells the writer
 * whether its own change won when two were written at the same version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleRecord(String id, int version, boolean deleted, Instant changedAt, Rule rule, String writeId)
        implements VersionedRecord {

    public static RuleRecord put(Rule rule, Instant at) {
        return new RuleRecord(
                rule.id(), rule.version(), false, at, rule, UUID.randomUUID().toString());
    }

    public static RuleRecord delete(String id, int version, Instant at) {
        return new RuleRecord(id, version, true, at, null, UUID.randomUUID().toString());
    }
}
