package io.geoalert.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.app.CommandRun;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.testing.KafkaFixture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/**
 * {@code geoalert bench --bootstrap-servers}: measured on a broker that outlives the run, a second run
 * counts every item of its own, none taken for a repeat or a copy of the first run's.
 */
class BenchOnAnotherBrokerIT {

    @Test
    void twoRunsOnOneBrokerEachCountEveryItemAsItsOwnStory() throws Exception {
        int partitions = newsPartitions();
        JsonNode first = bench(partitions);
        JsonNode second = bench(partitions);

        for (JsonNode report : new JsonNode[] {first, second}) {
            assertEquals(300, report.get("kafkaItemsConsumed").asInt(), report.toString());
            assertEquals(300, report.get("pipelineItemsProcessed").asInt(), report.toString());
            assertTrue(report.get("pipelineAlertingItems").asInt() > 30, report.toString());
            assertEquals(0, report.get("pipelineAlertUpdates").asInt(), "no story of an earlier run: " + report);
            assertTrue(report.get("atLeastOnce").get("samples").asInt() > 30, report.toString());
        }
        try (Admin admin = KafkaClients.of(KafkaFixture.bootstrapServers()).admin(Map.of())) {
            // a deletion acknowledged by the controller reaches the broker's metadata a moment later
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<String> left;
            do {
                Thread.sleep(100);
                left = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(name -> name.startsWith(PipelineBenchmark.APPLICATION_ID + "-"))
                        .toList();
            } while (!left.isEmpty() && System.nanoTime() < deadline);
            assertEquals(List.of(), left, "each run removes its application's own topics");
            List<String> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId())
                    .filter(id -> id.startsWith(PipelineBenchmark.APPLICATION_ID + "-"))
                    .toList();
            assertEquals(List.of(), groups, "... and its consumer group");
        }
    }

    @Test
    void aBrokerWhoseNewsTopicHasOtherPartitionsIsRefusedNamingTheOption() throws Exception {
        int other = newsPartitions() + 1;

        CommandRun run = CommandRun.of(
                "bench",
                "--bootstrap-servers",
                KafkaFixture.bootstrapServers(),
                "--partitions",
                Integer.toString(other));

        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("bench --partitions is " + other + ", but news.raw"), run.err());
        // refused before any topic was made: nothing of the other count is left to refuse the next run
        try (Admin admin = KafkaClients.of(KafkaFixture.bootstrapServers()).admin(Map.of())) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(PipelineBenchmark.PLAIN_TOPIC)) {
                assertEquals(
                        other - 1,
                        admin.describeTopics(List.of(PipelineBenchmark.PLAIN_TOPIC))
                                .allTopicNames()
                                .get(30, TimeUnit.SECONDS)
                                .get(PipelineBenchmark.PLAIN_TOPIC)
                                .partitions()
                                .size());
            }
        }
    }

    /** The shared broker's news.raw partitions, making the pipeline's topics first if no test has. */
    private static int newsPartitions() throws Exception {
        String bootstrap = KafkaFixture.bootstrapServers();
        TopicSetup.ensure(bootstrap, TopicSetup.pipelineTopics(3, Topics.DEFAULT_CATEGORIES));
        try (Admin admin = KafkaClients.of(bootstrap).admin(Map.of())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    return admin.describeTopics(List.of(Topics.NEWS_RAW))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(Topics.NEWS_RAW)
                            .partitions()
                            .size();
                } catch (ExecutionException e) {
                    // right after its creation the answering broker may not know the topic yet
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    private static JsonNode bench(int partitions) {
        CommandRun run = CommandRun.of(
                "bench",
                "--json",
                "--bootstrap-servers",
                KafkaFixture.bootstrapServers(),
                "--items",
                "300",
                "--warmup",
                "100",
                "--rate",
                "100",
                "--latency-seconds",
                "2",
                "--rules",
                "10",
                "--partitions",
                Integer.toString(partitions));
        assertEquals(0, run.exit(), run.err());
        try {
            return Json.MAPPER.readTree(run.out().strip());
        } catch (java.io.IOException e) {
            throw new AssertionError("not one JSON object: " + run.out(), e);
        }
    }
}
