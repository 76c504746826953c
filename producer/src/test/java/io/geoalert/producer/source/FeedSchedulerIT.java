package io.geoalert.producer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Topics;
import io.geoalert.producer.publish.NewsPublisher;
import io.geoalert.producer.publish.ProducerSettings;
import io.geoalert.testing.KafkaFixture;
import io.geoalert.testing.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources added by configuration publish to news.raw, and nothing twice, across re-polls and restarts. */
class FeedSchedulerIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void topics() {
        TopicSetup.ensure(KafkaFixture.bootstrapServers(), TopicSetup.pipelineTopics(3, Topics.DEFAULT_CATEGORIES));
    }

    @Test
    void publishesConfiguredFeedsOnceAcrossRepollsAndRestarts() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path inbox = dir.resolve("inbox");
        Files.createDirectories(inbox);
        Files.writeString(
                inbox.resolve("a.jsonl"),
                "{\"id\":\"dir-" + run
                        + "\",\"source\":\"drop\",\"title\":\"Embargo lifted\",\"body\":\"b\"}\n{broken\n");
        Files.setLastModifiedTime(
                inbox.resolve("a.jsonl"),
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(5)));
        Path config = dir.resolve("geoalert.yaml");
        Files.writeString(config, """
                feeds:
                  - {id: demo-%s, type: example, titles: "Sanctions widened | Treaty signed"}
                  - {id: drop-%s, type: directory, path: "%s"}
                """.formatted(run, run, inbox));
        List<Source> sources = SourcesConfig.load(config);
        String bootstrap = KafkaFixture.bootstrapServers();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (NewsPublisher publisher = new NewsPublisher(ProducerSettings.of(bootstrap), registry, Clock.systemUTC());
                SeenItems seen = new SeenItems(io.geoalert.kafka.KafkaClients.of(bootstrap), 10_000, registry);
                FeedScheduler scheduler = new FeedScheduler(sources, publisher, seen, registry, Clock.systemUTC())) {
            assertEquals(2, scheduler.poll(sources.get(0)));
            assertEquals(0, scheduler.poll(sources.get(0)), "a re-poll publishes nothing again");
            assertEquals(1, scheduler.poll(sources.get(1)));
            assertTrue(Files.exists(inbox.resolve("done/a.jsonl")), "a read file is moved aside");
            assertTrue(scheduler.health().up());
            assertEquals(
                    2.0,
                    registry.counter("geoalert.feed.items.published", "feed", "demo-" + run)
                            .count());
            assertFalse(scheduler.states().get("demo-" + run).lastSuccess() == null);
        }
        // a restart: a new process loads what was seen from the compacted topic
        try (NewsPublisher publisher = new NewsPublisher(ProducerSettings.of(bootstrap), registry, Clock.systemUTC());
                SeenItems seen = new SeenItems(io.geoalert.kafka.KafkaClients.of(bootstrap), 10_000, registry);
                FeedScheduler scheduler =
                        new FeedScheduler(SourcesConfig.load(config), publisher, seen, registry, Clock.systemUTC())) {
            assertEquals(
                    0, scheduler.poll(SourcesConfig.load(config).get(0)), "nothing is published twice after a restart");
        }
        var dead = TopicReader.readToEnd(
                bootstrap,
                Topics.NEWS_DLQ,
                r -> ("file:" + inbox.resolve("a.jsonl"))
                        .equals(io.geoalert.model.DeadLetterHeaders.read(
                                r.headers(), io.geoalert.model.DeadLetterHeaders.ORIGINAL_TOPIC)));
        assertEquals(1, dead.size(), "the bad line of the dropped file is set aside, not lost");
        assertEquals(
                "2",
                io.geoalert.model.DeadLetterHeaders.read(
                        dead.get(0).headers(), io.geoalert.model.DeadLetterHeaders.ORIGINAL_OFFSET));
        assertEquals(
                2,
                TopicReader.readToEnd(
                                bootstrap,
                                Topics.NEWS_RAW,
                                r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)
                                        .contains("\"source\":\"demo-" + run + "\""))
                        .size());
    }

    @Test
    void aFailingSourceBacksOffAndAGoneOneIsDisabled() throws Exception {
        String bootstrap = KafkaFixture.bootstrapServers();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SourceSpec spec = new SourceSpec("flaky", "test", java.time.Duration.ofMinutes(1));
        Source failing = new BuiltinSources.SimpleSource(spec, () -> {
            throw new SourceException("the server answered HTTP 500", null);
        });
        Source gone =
                new BuiltinSources.SimpleSource(new SourceSpec("gone", "test", java.time.Duration.ofMinutes(1)), () -> {
                    throw new SourceException("the feed is gone (HTTP 410); it is disabled", null, null, true);
                });
        try (NewsPublisher publisher = new NewsPublisher(ProducerSettings.of(bootstrap), registry, Clock.systemUTC());
                SeenItems seen = new SeenItems(io.geoalert.kafka.KafkaClients.of(bootstrap), 100, registry);
                FeedScheduler scheduler =
                        new FeedScheduler(List.of(failing, gone), publisher, seen, registry, Clock.systemUTC())) {
            scheduler.poll(failing);
            scheduler.poll(gone);
            assertEquals(
                    "the server answered HTTP 500",
                    scheduler.states().get("flaky").lastError());
            assertTrue(scheduler.states().get("gone").disabled());
            assertFalse(scheduler.health().up(), "every source failing: DOWN");
            assertTrue(
                    scheduler.health().detail().contains("gone disabled"),
                    scheduler.health().detail());
        }
        java.time.Duration first = FeedScheduler.backoff(java.time.Duration.ofMinutes(10), 1);
        java.time.Duration fifth = FeedScheduler.backoff(java.time.Duration.ofMinutes(10), 5);
        assertTrue(first.toSeconds() >= 48 && first.toSeconds() <= 72, first.toString());
        assertTrue(fifth.toSeconds() >= 768 && fifth.toSeconds() <= 1152, fifth.toString());
        long capped = FeedScheduler.backoff(java.time.Duration.ofHours(1), 30).toSeconds();
        assertTrue(capped >= 2880 && capped <= 4320, "at most an hour, give or take the jitter: " + capped);
    }

    @Test
    void aDroppedFileStaysUntilKafkaAcknowledgesItsItems() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path inbox = dir.resolve("inbox");
        Files.createDirectories(inbox);
        Path file = inbox.resolve("b.jsonl");
        Files.writeString(
                file,
                "{\"id\":\"ack-" + run + "\",\"source\":\"drop\",\"title\":\"Ceasefire holds\",\"body\":\"b\"}\n");
        Files.setLastModifiedTime(
                file,
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(5)));
        Source drop = new BuiltinSources.Directory()
                .create(
                        new SourceSpec("drop-" + run, "directory", java.time.Duration.ofMinutes(1)),
                        java.util.Map.of("path", inbox.toString()));
        String bootstrap = KafkaFixture.bootstrapServers();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // a publisher whose broker does not answer: nothing is acknowledged
        ProducerSettings nowhere = new ProducerSettings(
                io.geoalert.kafka.KafkaClients.of("127.0.0.1:1"),
                "geoalert-nowhere",
                java.util.Map.of("max.block.ms", "1000", "request.timeout.ms", "500", "delivery.timeout.ms", "1000"));
        try (NewsPublisher unreachable = new NewsPublisher(nowhere, registry, Clock.systemUTC());
                SeenItems seen = new SeenItems(io.geoalert.kafka.KafkaClients.of(bootstrap), 100, registry);
                FeedScheduler scheduler =
                        new FeedScheduler(List.of(drop), unreachable, seen, registry, Clock.systemUTC())) {
            assertEquals(0, scheduler.poll(drop));
            assertTrue(Files.exists(file), "not acknowledged: the file stays");
            assertFalse(seen.contains("ack-" + run), "not acknowledged: not marked seen");
            assertTrue(
                    scheduler.states().get("drop-" + run).lastError().startsWith("publishing failed"),
                    scheduler.states().get("drop-" + run).lastError());
        }
        try (NewsPublisher publisher = new NewsPublisher(ProducerSettings.of(bootstrap), registry, Clock.systemUTC());
                SeenItems seen = new SeenItems(io.geoalert.kafka.KafkaClients.of(bootstrap), 100, registry);
                FeedScheduler scheduler =
                        new FeedScheduler(List.of(drop), publisher, seen, registry, Clock.systemUTC())) {
            assertEquals(1, scheduler.poll(drop));
            assertTrue(Files.exists(inbox.resolve("done/b.jsonl")), "acknowledged: the file is done");
            assertTrue(seen.contains("ack-" + run));
        }
        assertEquals(
                1,
                TopicReader.readToEnd(bootstrap, Topics.NEWS_RAW, r -> ("ack-" + run).equals(r.key()))
                        .size(),
                "published once");
    }

    @Test
    void aPollThatThrowsIsShownDownCountedAndRetriedNotCancelled() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String bootstrap = KafkaFixture.bootstrapServers();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch failedTwice = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch published = new java.util.concurrent.CountDownLatch(1);
        SourceSpec spec = new SourceSpec("buggy-" + run, "test", java.time.Duration.ofSeconds(1));
        Source buggy = new BuiltinSources.SimpleSource(spec, () -> {
            int n = polls.incrementAndGet();
            if (n == 1) {
                failedTwice.countDown();
                throw new IllegalStateException("a bug in a plug-in");
            }
            if (n == 2) {
                failedTwice.countDown();
                throw new StackOverflowError("deeply nested input"); // an Error, not an Exception
            }
            published.countDown();
            return List.of(new io.geoalert.model.NewsItem(
                    "bug-" + run, spec.id(), "Sanctions eased", null, "b", null, null, null, null, null, null));
        });
        try (NewsPublisher publisher = new NewsPublisher(ProducerSettings.of(bootstrap), registry, Clock.systemUTC());
                SeenItems seen = new SeenItems(io.geoalert.kafka.KafkaClients.of(bootstrap), 100, registry);
                FeedScheduler scheduler =
                        new FeedScheduler(List.of(buggy), publisher, seen, registry, Clock.systemUTC())) {
            scheduler.start();
            assertTrue(
                    failedTwice.await(10, java.util.concurrent.TimeUnit.SECONDS),
                    "the schedule survived the first failure");
            var health = scheduler.health();
            assertFalse(health.up(), "an unexpected failure is DOWN");
            assertTrue(health.detail().contains("unexpected"), health.detail());
            assertTrue(published.await(15, java.util.concurrent.TimeUnit.SECONDS), "and survived an Error too");
            TopicReader.await(
                    bootstrap,
                    Topics.NEWS_RAW,
                    1,
                    r -> ("bug-" + run).equals(r.key()),
                    java.time.Duration.ofSeconds(15));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!scheduler.health().up() && System.nanoTime() < deadline) {
                Thread.sleep(50); // the success is recorded just after the acknowledgement
            }
            assertTrue(scheduler.health().up(), scheduler.health().detail());
            assertEquals(
                    2.0,
                    registry.counter("geoalert.loop.failures", "loop", "feed.buggy-" + run)
                            .count());
        }
    }

    @Test
    void seenMarksWrittenByAnotherProcessArriveWhileRunning() throws Exception {
        String bootstrap = KafkaFixture.bootstrapServers();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        String id = "other-" + UUID.randomUUID();
        try (SeenItems here = new SeenItems(io.geoalert.kafka.KafkaClients.of(bootstrap), 100, registry);
                SeenItems elsewhere =
                        new SeenItems(io.geoalert.kafka.KafkaClients.of(bootstrap), 100, new SimpleMeterRegistry())) {
            here.start();
            elsewhere.add(id, "feed").get(10, java.util.concurrent.TimeUnit.SECONDS);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!here.contains(id) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(here.contains(id), "followed from the topic");
            assertTrue(here.health().up(), here.health().detail());
        }
    }
}
