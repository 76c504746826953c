package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.broker.EmbeddedKafkaBroker;
import io.geoalert.model.Topics;
import io.geoalert.testing.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;

/**
 * Failover (issue 10): two streams instances in JVMs of their own share the six partitions of {@code
 * news.raw}, each keeping a standby of the other's state. While items flow, one is killed with {@code
 * kill -9} and not started again. A {@code read_committed} reader must see every expected alert, none
 * lost and none doubled: the survivor takes the dead instance's tasks when its 6 s session expires, and
 * reads on once the broker has aborted the transaction it left open (10 s). The time from the kill until
 * every alert was seen is printed against issue 10's 15 s target; what is asserted is that the survivor
 * took over at all ({@link #TAKE_OVER_BOUND}), because a timing target on a shared 2-core machine is a
 * measurement, not a test (measured figures: README, Scaling out and failover).
 */
class FailoverIT {

    private static final int ITEMS = 2_000;
    private static final int WARM_UP = 60;
    private static final int ITEMS_PER_TICK = 20;
    private static final long TICK_MILLIS = 100; // 200 items a second
    /** The kill comes once this share of the items was sent and a quarter of the alerts seen: mid-stream. */
    private static final double KILLED_AFTER = 0.5;

    /** Issue 10's target, printed beside the figure. */
    private static final Duration DRAIN_TARGET = Duration.ofSeconds(15);
    /** Far above the target: a survivor that has not taken over by then never will (a stuck group). */
    private static final Duration TAKE_OVER_BOUND = Duration.ofSeconds(60);

    private static final String[] TITLES = {
        "Treasury widens sanctions on a Baltic shipping network",
        "Senate ratifies the arms control treaty after a long night",
        "Inspectors report uranium enrichment at a second nuclear site",
        "Army moves artillery brigades toward the northern border",
        "E3 move to trigger snapback of UN sanctions on Iran",
        "City council approves new cycling lanes along the river",
    };

    @Test
    void survivingInstanceTakesOverWithinFifteenSecondsLosingAndDoublingNothing() throws Exception {
        // a broker of its own: a group member that dies, and the transaction it leaves open, stay in this test
        Path dir = TempDirs.create("geoalert-failover-it");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, 1)) {
            failOver(broker.bootstrapServers(), dir);
        }
    }

    private void failOver(String bootstrap, Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "failover-it-" + run;
        String prefix = "failover-" + run + "-";

        FaultLoad generated = new FaultLoad(prefix, "failover-desk", "Failover desk dispatch number", TITLES, ITEMS);
        List<byte[]> items = generated.items;
        List<Set<String>> expectedOf = generated.expectedOf;
        Set<String> expected = generated.expected;
        Set<String> categories = generated.categories;
        assertTrue(categories.size() >= 4, "the items raise alerts in several categories: " + categories);

        String[] options = {"--partitions", "6", "--standby-replicas", "1", "--session-timeout", "6s"};
        // three JVMs share the machine with the broker: no optimising compiler or parallel collector to compete with
        List<String> jvm = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        Process doomed = StreamsProcess.start(
                bootstrap, applicationId, dir.resolve("state-a"), dir.resolve("streams-a.log"), jvm, options);
        Process survivor = null;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            survivor = StreamsProcess.start(
                    bootstrap, applicationId, dir.resolve("state-b"), dir.resolve("streams-b.log"), jvm, options);
            awaitTwoMembersSharingNewsRaw(admin, applicationId, Duration.ofSeconds(90));
            assertEquals(
                    6,
                    admin.describeTopics(List.of(Topics.NEWS_RAW))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .get(Topics.NEWS_RAW)
                            .partitions()
                            .size(),
                    "partitions of news.raw created by the first instance");

            try (ReadCommittedAlerts alerts = new ReadCommittedAlerts(bootstrap, prefix);
                    KafkaProducer<String, byte[]> producer = FaultLoad.producer(bootstrap)) {
                // warm: the alerts of a first batch, spread over every partition, prove both instances
                // process and commit before the timed load starts
                for (int i = 0; i < WARM_UP; i++) {
                    var unused = producer.send(new ProducerRecord<>(Topics.NEWS_RAW, prefix + i, items.get(i)));
                }
                producer.flush();
                Set<String> warm = new HashSet<>();
                expectedOf.subList(0, WARM_UP).forEach(warm::addAll);
                assertTrue(alerts.awaitSeen(warm, Duration.ofSeconds(90)) > 0, "the warm-up's alerts within 90 s");

                AtomicInteger sent = new AtomicInteger(WARM_UP);
                Thread load = new Thread(
                        () -> {
                            for (int i = WARM_UP; i < ITEMS; i++) {
                                var unused =
                                        producer.send(new ProducerRecord<>(Topics.NEWS_RAW, prefix + i, items.get(i)));
                                sent.incrementAndGet();
                                if (i % ITEMS_PER_TICK == 0) {
                                    sleep(TICK_MILLIS); // a steady rate, so the kill lands mid-stream
                                }
                            }
                            producer.flush();
                        },
                        "failover-it-load");
                load.start();
                while ((sent.get() < ITEMS * KILLED_AFTER || alerts.distinct() < expected.size() / 4)
                        && load.isAlive()) {
                    alerts.readFor(Duration.ofMillis(10));
                }
                int sentBeforeKill = sent.get();
                int seenBeforeKill = alerts.distinct();
                long killedAt = System.nanoTime();
                java.time.Instant killedWhen = java.time.Instant.now();
                doomed.destroyForcibly().waitFor(); // SIGKILL: no leave-group, a transaction left open

                Set<String> publishedBeforeKill = new HashSet<>();
                expectedOf.subList(0, sentBeforeKill).forEach(publishedBeforeKill::addAll);
                long earlierSeenAt = alerts.awaitSeen(publishedBeforeKill, Duration.ofSeconds(60));
                load.join();
                long drainedAt = alerts.awaitAll(expected, Duration.ofSeconds(60));

                Set<String> seen = alerts.ids();
                int lost =
                        (int) expected.stream().filter(id -> !seen.contains(id)).count();
                int doubled = alerts.doubled();
                System.out.printf(
                        "[fault] failover kill-9 of 1 of 2 instances: items=%d alerts-expected=%d seen=%d lost=%d"
                                + " doubled=%d categories=%s killed after %d items sent, %d alerts seen;"
                                + " alerts of items sent before the kill seen %s after it; drained %s after it"
                                + " (target %d s: %s; killed at %s; logs in %s)%n",
                        sent.get(),
                        expected.size(),
                        seen.size(),
                        lost,
                        doubled,
                        categories,
                        sentBeforeKill,
                        seenBeforeKill,
                        since(killedAt, earlierSeenAt),
                        since(killedAt, drainedAt),
                        DRAIN_TARGET.toSeconds(),
                        drainedAt > 0 && Duration.ofNanos(drainedAt - killedAt).compareTo(DRAIN_TARGET) <= 0
                                ? "met"
                                : "missed",
                        killedWhen,
                        dir);
                assertEquals(0, lost, "alerts lost");
                assertEquals(0, doubled, "alerts doubled for a read_committed reader");
                assertTrue(
                        drainedAt > 0 && Duration.ofNanos(drainedAt - killedAt).compareTo(TAKE_OVER_BOUND) <= 0,
                        "every alert seen within " + TAKE_OVER_BOUND + " of the kill; drained "
                                + since(killedAt, drainedAt) + " after it");
            }
        } finally {
            doomed.destroyForcibly();
            if (survivor != null) {
                survivor.destroy();
                survivor.waitFor();
            }
        }
    }

    /** Waits until the group has two members and each reads partitions of news.raw. */
    private static void awaitTwoMembersSharingNewsRaw(Admin admin, String groupId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = "nothing";
        while (System.nanoTime() < deadline) {
            ConsumerGroupDescription group;
            try {
                group = admin.describeConsumerGroups(List.of(groupId))
                        .describedGroups()
                        .get(groupId)
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                sleep(200); // no instance has joined yet
                continue;
            }
            List<Long> newsRawPerMember = group.members().stream()
                    .map(MemberDescription::assignment)
                    .map(a -> a.topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(Topics.NEWS_RAW))
                            .count())
                    .toList();
            seen = group.groupState() + " " + newsRawPerMember;
            if (newsRawPerMember.size() == 2 && newsRawPerMember.stream().allMatch(n -> n > 0)) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("two instances did not share news.raw within " + timeout + "; last: " + seen);
    }

    private static String since(long from, long to) {
        return to < 0 ? "never (within the wait)" : String.format("%.1fs", (to - from) / 1e9);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
