package io.geoalert.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.app.GeoalertCommand;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Json;
import io.geoalert.model.Topics;
import io.geoalert.testing.KafkaFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
    }

    @Test
    void aBrokerWhoseNewsTopicHasOtherPartitionsIsRefusedNamingTheOption() throws Exception {
        int other = newsPartitions() + 1;
        CommandLine cli = GeoalertCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));

        int exit = cli.execute(
                "bench",
                "--bootstrap-servers",
                KafkaFixture.bootstrapServers(),
                "--partitions",
                Integer.toString(other));

        assertNotEquals(0, exit);
        assertTrue(err.toString().contains("bench --partitions is " + other + ", but news.raw"), err.toString());
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
        CommandLine cli = GeoalertCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(
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
        assertEquals(0, exit, err.toString());
        try {
            return Json.MAPPER.readTree(out.toString().strip());
        } catch (java.io.IOException e) {
            throw new AssertionError("not one JSON object: " + out, e);
        }
    }
}
