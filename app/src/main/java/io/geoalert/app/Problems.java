package io.geoalert.app;

import io.geoalert.app.config.ConfigException;
import io.geoalert.consumer.subscription.InvalidSubscriptionException;
import io.geoalert.streams.rules.InvalidRulesException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The problems of a command's options, each part checked on its own so that one bad value hides no other. */
final class Problems {

    /** One part of the settings, built to see whether it can be. */
    interface Part {
        void build() throws Exception;
    }

    private final Set<String> found = new LinkedHashSet<>();

    /** Builds {@code part} and keeps what it refuses; anything else is a bug and goes on up. */
    Problems check(Part part) throws Exception {
        try {
            part.build();
        } catch (InvalidSubscriptionException e) {
            found.addAll(e.problems());
        } catch (ConfigException e) {
            found.addAll(e.problems());
        } catch (InvalidRulesException e) {
            found.addAll(e.problems());
        } catch (IllegalArgumentException | IOException e) {
            found.add(e.getMessage());
        }
        return this;
    }

    List<String> list() {
        return new ArrayList<>(found);
    }
}
