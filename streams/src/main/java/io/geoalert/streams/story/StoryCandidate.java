package io.geoalert.streams.story;

import io.geoalert.model.Alert;
import java.util.List;

/**
 * An item that raised alerts, on its way to the story it belongs to: what the story stages need of
 * it (never its body), and the alerts its rules raised, as if it were the first of its story.
 *
 * @param urlId  a hash of the item's canonical URL when that URL names one page (not a site's root), else null
 * @param bucket the story key the item is partitioned by: its fingerprint's key, or that of the first item
 *               seen with the same URL
 */
public record StoryCandidate(
        String itemId, String source, String urlId, StoryFingerprint fingerprint, String bucket, List<Alert> alerts) {

    public StoryCandidate {
        alerts = alerts == null ? List.of() : List.copyOf(alerts);
    }

    /** The same item, partitioned by another story key. */
    public StoryCandidate inBucket(String other) {
        return new StoryCandidate(itemId, source, urlId, fingerprint, other, alerts);
    }
}
