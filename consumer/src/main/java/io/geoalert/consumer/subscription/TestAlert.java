package io.geoalert.consumer.subscription;

import io.geoalert.consumer.channel.Delivery;
import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The alert {@code geoalert subscriptions test} sends through a subscription's real channel: a
 * delivery marked {@code test}, whose alert says in its ids, title and snippet that it is a test
 * and needs no action. It carries the subscription's first category and entities, so that a
 * receiver's routing can be tried too.
 */
public final class TestAlert {

    /** The rule id every test alert carries. */
    public static final String RULE_ID = "geoalert-test";

    private TestAlert() {}

    /** A test delivery of one test alert to {@code subscription}, made at {@code now}. */
    public static Delivery delivery(Subscription subscription, Instant now) {
        Alert alert = alert(subscription, now);
        return new Delivery(
                "test-" + UUID.randomUUID(),
                subscription.id(),
                List.of(alert),
                List.of(Json.toBytes(alert)),
                false,
                true,
                1);
    }

    static Alert alert(Subscription subscription, Instant now) {
        AlertFilter filter = subscription.filter() == null ? AlertFilter.ALL : subscription.filter();
        String category =
                filter.categories().isEmpty() ? "test" : filter.categories().get(0);
        Severity severity = filter.minSeverity() == null ? Severity.LOW : filter.minSeverity();
        String title = "TEST: geoalert test alert for subscription " + subscription.id() + ", no action needed";
        String id = "test-" + UUID.randomUUID();
        return new Alert(
                id,
                RULE_ID,
                0,
                category,
                severity,
                0.0,
                null,
                id,
                title,
                "https://example.org/geoalert/test-alert",
                "geoalert",
                now,
                now,
                List.of(new Alert.Match("test", "title", 0, 4, "TEST")),
                filter.entities(),
                "This alert was sent by 'geoalert subscriptions test' to check the channel of subscription "
                        + subscription.id() + ". It reports no news.",
                1,
                1);
    }
}
