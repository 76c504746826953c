package io.geoalert.streams.trend;

import io.geoalert.model.TrendAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The highest-scoring stories of one bucket (or window), at most {@link TrendAlert#MAX_TOP_STORIES}:
 * the top of a window is the top of its buckets' tops, so a bucket need keep no more.
 */
public record TopStories(List<TrendAlert.Story> stories) {

    /** Highest score first; of equal scores, the earlier story. */
    private static final Comparator<TrendAlert.Story> RANK =
            Comparator.comparingDouble(TrendAlert.Story::score).reversed();

    public TopStories {
        stories = stories == null ? List.of() : List.copyOf(stories);
    }

    public static TopStories empty() {
        return new TopStories(List.of());
    }

    public TopStories with(TrendAlert.Story story) {
        return merge(new TopStories(List.of(story)));
    }

    public TopStories merge(TopStories other) {
        List<TrendAlert.Story> all = new ArrayList<>(stories);
        for (TrendAlert.Story story : other.stories) {
            if (all.stream().noneMatch(s -> s.storyId().equals(story.storyId()))) {
                all.add(story);
            }
        }
        all.sort(RANK);
        return new TopStories(all.subList(0, Math.min(all.size(), TrendAlert.MAX_TOP_STORIES)));
    }
}
