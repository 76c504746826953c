package io.geoalert.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The metric-name lexer the dashboard and alert-rule checks rely on. */
class PromQlNamesTest {

    @Test
    void findsTheMetricsAndNothingElse() {
        assertEquals(
                Set.of("geoalert_news_published_total"),
                PromQlNames.of("sum by (source) (rate(geoalert_news_published_total[$__rate_interval]))"));
        assertEquals(
                Set.of("geoalert_alert_latency_seconds_bucket"),
                PromQlNames.of(
                        "histogram_quantile(0.99, sum by (le) (rate(geoalert_alert_latency_seconds_bucket[10m]))) > 1"));
        assertEquals(
                Set.of("geoalert_alert_latency_seconds_bucket", "geoalert_alert_latency_seconds_count"),
                PromQlNames.of("sum(rate(geoalert_alert_latency_seconds_bucket{le=\"0.15\"}[5m])) / "
                        + "sum(rate(geoalert_alert_latency_seconds_count[5m]))"));
        assertEquals(
                Set.of("geoalert_news_published_total", "geoalert_feed_failures"),
                PromQlNames.of("(sum(increase(geoalert_news_published_total[30m])) or vector(0)) == 0\n"
                        + "  and on() count(geoalert_feed_failures) > 0"));
        assertEquals(
                Set.of("geoalert_feed_last_success_timestamp_seconds"),
                PromQlNames.of("time() - (geoalert_feed_last_success_timestamp_seconds{feed=~\"$feed\"} > 0)"));
        assertEquals(
                Set.of("kafka_consumer_coordinator_rebalance_total"),
                PromQlNames.of("sum by (instance) (increase(kafka_consumer_coordinator_rebalance_total"
                        + "{client_id=~\".*StreamThread.*\"}[$__rate_interval]))"));
        assertEquals(Set.of("up"), PromQlNames.of("count(up{job=\"geoalert-streams\"} == 1)"));
        assertEquals(Set.of("a", "b"), PromQlNames.of("a * on(instance) group_left(feed) b offset 5m unless bool a"));
        assertEquals(Set.of("geoalert_feed_failures"), PromQlNames.of("label_values(geoalert_feed_failures, feed)"));
        assertEquals(Set.of(), PromQlNames.of("vector(1e3) + 2"));
    }
}
