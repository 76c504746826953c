package io.geoalert.app;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.ops.Metrics;
import io.geoalert.producer.ingest.JsonLinesIngest;
import io.geoalert.producer.publish.NewsPublisher;
import io.geoalert.producer.publish.ProducerSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code geoalert publish FILE}: publish NewsItems from a JSON-lines file or stdin. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publish NewsItems from a JSON-lines file ('-' for stdin) to news.raw.",
            "Lines that are not valid NewsItems go to news.dlq with the reason; exit code 1 if any did."
        })
final class PublishCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Parameters(paramLabel = "FILE", description = "JSON-lines file, or - for standard input.")
    String file;

    @Override
    public Integer call() throws Exception {
        KafkaClients kafka = cluster.clients();
        String bootstrap = kafka.bootstrapServers();
        try (NewsPublisher publisher =
                        new NewsPublisher(ProducerSettings.of(kafka), Metrics.newRegistry(), Clock.systemUTC());
                InputStream in = "-".equals(file) ? System.in : Files.newInputStream(java.nio.file.Path.of(file))) {
            JsonLinesIngest.Result result =
                    new JsonLinesIngest(publisher).publish(in, "-".equals(file) ? "stdin" : "file:" + file);
            System.err.printf(
                    "geoalert publish: %d published to news.raw at %s, %d set aside to news.dlq%n",
                    result.published(), bootstrap, result.rejected());
            return result.rejected() == 0 ? 0 : 1;
        }
    }
}
