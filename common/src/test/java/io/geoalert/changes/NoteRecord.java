package io.geoalert.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A change kind for tests: a note per id, as the rules and subscriptions are kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record NoteRecord(String id, int version, boolean deleted, Instant changedAt, String note, String writeId)
        implements VersionedRecord {

    static final ChangeKind<NoteRecord> KIND = new ChangeKind<>(
            "test.notes",
            NoteRecord.class,
            "note",
            "test.notes",
            "test.note",
            "GET /v1/notes",
            "the base notes",
            "its being in force");
}
