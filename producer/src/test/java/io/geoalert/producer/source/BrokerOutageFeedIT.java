package io.geoalert.producer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.geoalert.broker.EmbeddedKafkaBroker;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Topics;
import io.geoalert.producer.publish.NewsPublisher;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault suite: the broker stops while a feed poll publishes, and comes back on the same port and
 * data directory. Every item of the feed reaches news.raw exactly once.
 */
class BrokerOutageFeedIT {

    private static final int ITEMS = 300;
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aFeedPolledWhileTheBrokerIsDownLosesAndDoublesNothing() throws Exception {
        outage("cold", false);
    }

    @Test
    void aFeedPolledByAPublisherThatKnewTheBrokerLosesAndDoublesNothing() throws Exception {
        outage("warm", true);
    }

    /** @param warm whether the publisher has sent before the outage (metadata cached: sends expire instead of blocking) */
    private void outage(String name, boolean warm) throws Exception {
        String feedId = "outage-" + name;
        StringBuilder rss = new StringBuilder("<rss version=\"2.0\"><channel><title>Wire</title>");
        for (int i = 0; i < ITEMS; i++) {
            rss.append("<item><title>Sanctions update ")
                    .append(i)
                    .append("</title><link>https://wire.example.org/")
                    .append(i)
                    .append("</link></item>");
        }
        byte[] body = rss.append("</channel></rss>").toString().getBytes(StandardCharsets.UTF_8);
        CountDownLatch fetched = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/feed.xml", exchange -> {
            exchange.getResponseHeaders().set("ETag", "\"only-version\"");
            if ("\"only-version\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
            fetched.countDown();
        });
        server.start();
        Path data = dir.resolve("kafka");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, 0, 1);
        String bootstrap = broker.bootstrapServers();
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // sends expire during the outage, so the poll fails and is retried: the path that could lose or double
        ProducerSettings settings = new ProducerSettings(
                io.geoalert.kafka.KafkaClients.of(bootstrap),
                "outage-producer",
                Map.of(
                        "delivery.timeout.ms",
                        "5000",
                        "request.timeout.ms",
                        "2000",
                        "max.block.ms",
                        "3000",
                        "reconnect.backoff.max.ms",
                        "500"));
        try {
            TopicSetup.ensure(bootstrap, TopicSetup.pipelineTopics(3, Topics.DEFAULT_CATEGORIES));
            Source feed = new BuiltinSources.Feed()
                    .create(
                            new SourceSpec(feedId, "rss", Duration.ofSeconds(1)),
                            Map.of(
                                    "url",
                                    "http://127.0.0.1:" + server.getAddress().getPort() + "/feed.xml",
                                    "allowPrivate",
                                    true));
            long restartedAt;
            try (NewsPublisher publisher = new NewsPublisher(settings, registry, Clock.systemUTC());
                    SeenItems seen = new SeenItems(io.geoalert.kafka.KafkaClients.of(bootstrap), 10_000, registry);
                    FeedScheduler scheduler =
                            new FeedScheduler(List.of(feed), publisher, seen, registry, Clock.systemUTC())) {
                if (warm) {
                    publisher
                            .publish(new io.geoalert.model.NewsItem(
                                    "warm-up", "warm-up", "Warm-up", null, "b", null, null, null, null, null, null))
                            .get(30, TimeUnit.SECONDS);
                }
                broker.close();
                scheduler.start();
                assertTrue(fetched.await(10, TimeUnit.SECONDS), "the feed was polled during the outage");
                Thread.sleep(OUTAGE.toMillis()); // the outage itself, not an assertion
                broker = EmbeddedKafkaBroker.start(data, port, 1);
                restartedAt = System.nanoTime();
                assertEquals(bootstrap, broker.bootstrapServers(), "back on the same port");
                List<ConsumerRecord<String, byte[]>> raw = TopicReader.await(
                        bootstrap,
                        Topics.NEWS_RAW,
                        ITEMS,
                        r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"source\":\"" + feedId + "\""),
                        Duration.ofSeconds(60));
                double recovery = (System.nanoTime() - restartedAt) / 1e9;
                // a late duplicate would come from a retry after the last count: wait for the scheduler to settle
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (scheduler.states().get(feedId).lastError() != null && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(null, scheduler.states().get(feedId).lastError(), "the feed recovered");
                scheduler.poll(feed); // one more poll after recovery: it must publish nothing again
                List<ConsumerRecord<String, byte[]>> all = TopicReader.readToEnd(
                        bootstrap,
                        Topics.NEWS_RAW,
                        r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"source\":\"" + feedId + "\""));
                Set<String> distinct = new HashSet<>();
                all.forEach(r -> distinct.add(r.key()));
                int lost = ITEMS - distinct.size();
                int doubled = all.size() - distinct.size();
                System.out.printf(
                        "[fault] broker-outage-feed-" + name
                                + ": in=%d expected=%d seen=%d lost=%d doubled=%d recovery=%.1fs outage=%ds%n",
                        ITEMS,
                        ITEMS,
                        distinct.size(),
                        lost,
                        doubled,
                        recovery,
                        OUTAGE.toSeconds());
                assertEquals(0, lost, "lost");
                assertEquals(0, doubled, "doubled");
                assertEquals(ITEMS, seen.size(), "every item marked seen after its acknowledgement");
                assertTrue(raw.size() >= ITEMS);
            }
        } finally {
            broker.close();
            server.stop(0);
        }
    }
}
