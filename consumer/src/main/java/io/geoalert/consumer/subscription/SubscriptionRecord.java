package io.geoalert.consumer.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.changes.VersionedRecord;
import java.time.Instant;
import java.util.UUID;

/**
 * A subscription change as kept on the compacted topic {@code geoalert.subscriptions}, keyed by
 * subscription id: the subscription at its new version (in the format {@link SubscriptionParser}
 * reads, secrets as written), or a deletion marker — not a tombstone, so that deleting a
 * subscription of the config file survives compaction and restarts. {@code writeId} tells a writer
 * whether its own change won when two were written at the same version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionRecord(
        String id, int version, boolean deleted, Instant changedAt, JsonNode subscription, String writeId)
        implements VersionedRecord {

    public static SubscriptionRecord put(Subscription subscription, int version, Instant at) {
        return new SubscriptionRecord(
                subscription.id(),
                version,
                false,
                at,
                SubscriptionJson.write(subscription),
                UUID.randomUUID().toString());
    }

    public static SubscriptionRecord delete(String id, int version, Instant at) {
        return new SubscriptionRecord(
                id, version, true, at, null, UUID.randomUUID().toString());
    }
}
