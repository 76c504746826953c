package io.geoalert.app;

import io.geoalert.model.ItemIds;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The news the fault tests send while they kill a streams process: numbered items cycling through a
 * few headlines, each with the alert ids the default rules raise on it, and the idempotent producer
 * that sends them.
 */
final class FaultLoad {

    final List<String> ids = new ArrayList<>();
    final List<byte[]> items = new ArrayList<>();
    /** The alert ids each item raises, in item order. */
    final List<Set<String>> expectedOf = new ArrayList<>();
    /** Every alert id expected, over all items. */
    final Set<String> expected = new HashSet<>();

    final Set<String> categories = new TreeSet<>();

    /** {@code count} items with ids {@code prefix + i}, titled from {@code titles} in turn. */
    FaultLoad(String prefix, String source, String body, String[] titles, int count) {
        RuleMatcher rules = RuleMatcher.compile(RulePack.defaults());
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            NewsItem item = new NewsItem(
                    id,
                    source,
                    titles[i % titles.length] + " (" + i + ")",
                    null,
                    body + " " + i + ".",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            Set<String> alerts = new HashSet<>();
            rules.match(item).hits().forEach(hit -> {
                alerts.add(ItemIds.alertId(hit.rule().id(), id));
                categories.add(hit.rule().category());
            });
            ids.add(id);
            items.add(Json.toBytes(item));
            expectedOf.add(alerts);
            expected.addAll(alerts);
        }
    }

    /** Acknowledged by all replicas, idempotent, lingering 5 ms as the ingest producer does. */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer());
    }
}
