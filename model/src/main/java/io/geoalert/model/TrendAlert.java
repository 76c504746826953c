package io.geoalert.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A spike on {@code alerts.trends}: a category or an entity that far more stories mentioned in one hour
 * than its baseline says is usual. One is written per spike, when it starts; {@code trendId} is
 * derived from what spiked and the window it was seen in, so a redelivery is recognisable.
 *
 * <p>{@code count} is the number of stories (not items: copies of a story count once) in the window
 * {@code [windowStart, windowEnd)}; {@code baselineMean} and {@code baselineSd} are the usual hourly
 * count and its spread as they stood before the window; {@code zScore} is how many spreads the count
 * lies above the mean. {@code topStories} are the window's highest-scoring stories, at most {@link
 * #MAX_TOP_STORIES}.
 */
public record TrendAlert(
        String trendId,
        String kind,
        String name,
        long count,
        double baselineMean,
        double baselineSd,
        double zScore,
        Instant windowStart,
        Instant windowEnd,
        Instant detectedAt,
        List<Story> topStories) {

    /** A trend of a category (the rule's) or of an entity of the gazetteer. */
    public static final String CATEGORY = "category";

    public static final String ENTITY = "entity";

    /** The most stories a trend alert names. */
    public static final int MAX_TOP_STORIES = 5;

    public TrendAlert {
        if (trendId == null || trendId.isBlank()) {
            throw new IllegalArgumentException("trendId must not be empty");
        }
        if (!CATEGORY.equals(kind) && !ENTITY.equals(kind)) {
            throw new IllegalArgumentException("kind must be 'category' or 'entity', was '" + kind + "'");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        if (!(baselineMean >= 0) || !(baselineSd >= 0)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "baselineMean and baselineSd must be 0 or more, were %s and %s",
                    baselineMean,
                    baselineSd));
        }
        if (windowStart == null || windowEnd == null || !windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException(
                    "windowEnd must be after windowStart, were " + windowStart + " and " + windowEnd);
        }
        topStories = topStories == null ? List.of() : List.copyOf(topStories);
        if (topStories.size() > MAX_TOP_STORIES) {
            throw new IllegalArgumentException(
                    "topStories lists at most " + MAX_TOP_STORIES + " stories, was " + topStories.size());
        }
    }

    /** One story of the window: its alert (the first one it raised in the window), headline and score. */
    public record Story(String storyId, String alertId, String title, double score) {}
}
