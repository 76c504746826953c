package io.geoalert.model;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Topic names from DESIGN.md, in one place. */
public final class Topics {

    public static final String NEWS_RAW = "news.raw";
    public static final String NEWS_DLQ = "news.dlq";
    public static final String ALERTS = "alerts";
    public static final String ALERTS_PREFIX = "alerts.";
    public static final String ALERTS_TRENDS = "alerts.trends";
    public static final String ALERTS_DLQ = "alerts.dlq";
    public static final String RULES = "geoalert.rules";
    /** Compacted: the latest change per subscription id (a subscription, or a deletion marker). */
    public static final String SUBSCRIPTIONS = "geoalert.subscriptions";
    /** Compacted: ids of feed items already published, so re-polls and restarts publish nothing twice. */
    public static final String FEEDS_SEEN = "geoalert.feeds.seen";
    /**
     * Compacted with 7-day retention: one record per alert delivered to a subscription (key
     * {@code subscriptionId|alertId}), so a restarted dispatcher sends nothing twice.
     */
    public static final String DELIVERIES = "geoalert.deliveries";

    /** The categories of the default rule pack; each has its own alert topic. */
    public static final List<String> DEFAULT_CATEGORIES =
            List.of("sanctions", "snapback", "treaty", "nuclear", "military");

    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** Names whose {@code alerts.<name>} topic carries something else: trend alerts, dead letters. */
    private static final Set<String> RESERVED_CATEGORIES = Set.of("trends", "dlq");

    private Topics() {}

    /** The topic of one category: {@code alerts.<category>}. */
    public static String alertsFor(String category) {
        return ALERTS_PREFIX + requireCategory(category);
    }

    /** Checks that a category name makes a legal, readable topic name of its own. */
    public static String requireCategory(String category) {
        if (category == null || !CATEGORY.matcher(category).matches()) {
            throw new IllegalArgumentException(
                    "category '" + category + "' must be lower-case letters, digits, '-' or '_' (1-63 characters)");
        }
        if (RESERVED_CATEGORIES.contains(category)) {
            throw new IllegalArgumentException("category '" + category + "' is reserved: alerts." + category
                    + " carries " + (category.equals("dlq") ? "dead letters" : "trend alerts"));
        }
        return category.toLowerCase(Locale.ROOT);
    }
}
