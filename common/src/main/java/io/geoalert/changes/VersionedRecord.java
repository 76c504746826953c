package io.geoalert.changes;

import java.time.Instant;

/**
 * A change to one id as kept on a compacted topic: the value at a new version, or a deletion marker
 * (a record, not a tombstone, so that deleting an entry of the base set survives compaction).
 * {@code writeId} tells a writer whether its own change won when two were written at one version.
 */
public interface VersionedRecord {

    String id();

    int version();

    boolean deleted();

    Instant changedAt();

    String writeId();
}
