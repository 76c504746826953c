/**
 * Versioned records on a compacted topic, keyed by id and overlaid on a base set: the record shape
 * ({@link io.geoalert.changes.VersionedRecord}), the refusal rules and the overlay
 * ({@link io.geoalert.changes.ChangeLog}), reading and writing the topic
 * ({@link io.geoalert.changes.ChangeTopic}), following it live
 * ({@link io.geoalert.changes.ChangeFollower}) and answering a write over HTTP
 * ({@link io.geoalert.changes.ChangeRequests}). A {@link io.geoalert.changes.ChangeKind} names one
 * such topic; the rules and the subscriptions are the two kinds.
 */
package io.geoalert.changes;
