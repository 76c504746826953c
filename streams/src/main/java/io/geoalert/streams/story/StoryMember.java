package io.geoalert.streams.story;

/**
 * One item of a story as the story index keeps it under its story key: enough to tell whether a
 * later item is a copy of it (same URL, or a near-duplicate fingerprint) and which story that is.
 *
 * @param storyId    the id of the story's first item
 * @param storyStart when the story's first item arrived (record time, epoch milliseconds)
 */
public record StoryMember(String storyId, long storyStart, String urlId, StoryFingerprint fingerprint) {

    /** True when {@code candidate} is a copy of this item: the same page, or the same story told again. */
    public boolean matches(StoryCandidate candidate) {
        return sameUrl(candidate) || fingerprint.sameStoryAs(candidate.fingerprint());
    }

    /** True when both name the same page. */
    public boolean sameUrl(StoryCandidate candidate) {
        return urlId != null && urlId.equals(candidate.urlId());
    }
}
