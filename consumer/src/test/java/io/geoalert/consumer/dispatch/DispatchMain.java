package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.ops.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * A dispatcher process for the kill test: {@code DispatchMain BOOTSTRAP TOPIC SUBSCRIPTION URL}
 * delivers one webhook subscription until it is killed.
 */
public final class DispatchMain {

    private DispatchMain() {}

    public static void main(String[] args) throws Exception {
        DispatchSettings settings = DispatchSettings.defaults(KafkaClients.of(args[0]))
                .withTopic(args[1])
                .withFromEarliest(true)
                .withRetry(
                        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(15))
                // a killed member's partitions go to the next one after 6 s, not the default 45
                .withOverrides(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
        Subscription subscription = DispatchFixture.webhook(args[2], URI.create(args[3]));
        Dispatch dispatch = new Dispatch(
                settings, new MapRegistry(subscription), DispatchFixture::channel, new SimpleMeterRegistry());
        dispatch.start();
        System.out.println("dispatching " + args[2]);
        Thread.currentThread().join();
    }
}
