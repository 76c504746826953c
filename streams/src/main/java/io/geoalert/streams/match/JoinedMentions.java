package io.geoalert.streams.match;

import java.util.ArrayList;
import java.util.List;

/**
 * The mentions of a group's met conditions, joined. Outcomes' lists never change once made, so the first
 * non-empty one is kept as it is and copied only when a second must be added to it: most groups have one.
 */
final class JoinedMentions {
    private List<Occurrence> list = List.of();
    private boolean owned;

    void add(List<Occurrence> more) {
        if (more.isEmpty()) {
            return;
        }
        if (list.isEmpty()) {
            list = more;
            return;
        }
        if (!owned) {
            list = new ArrayList<>(list);
            owned = true;
        }
        list.addAll(more);
    }

    List<Occurrence> list() {
        return list;
    }
}
