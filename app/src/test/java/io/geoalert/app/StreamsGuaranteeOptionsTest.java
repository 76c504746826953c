package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.kafka.KafkaClients;
import io.geoalert.streams.service.Guarantees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamsGuaranteeOptionsTest {

    private static final KafkaClients KAFKA = KafkaClients.of("127.0.0.1:1");

    private static Guarantees parse(String... args) {
        ServiceCommand.StreamsOptions options = new ServiceCommand.StreamsOptions();
        new CommandLine(new Object() {
                    @CommandLine.Mixin
                    @SuppressWarnings("UnusedVariable") // read by picocli through reflection
                    ServiceCommand.StreamsOptions streams = options;
                })
                .parseArgs(args);
        return options.settings(KAFKA, 6, Map.of()).guarantees();
    }

    private static String refusal(String... args) {
        CommandLine cli = GeoalertCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute(args), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        return err.toString();
    }

    @Test
    void withoutOptionsStreamsRunExactlyOnceWithAStandbyAndASixSecondSession() {
        assertEquals(Guarantees.DEFAULTS, parse());
    }

    @Test
    void newsRawGetsSixPartitionsUnlessToldOtherwise() {
        CommandLine.ParseResult parsed =
                GeoalertCommand.commandLine().parseArgs("streams", "--bootstrap-servers", "127.0.0.1:1");
        ServiceCommand.Streams streams =
                (ServiceCommand.Streams) parsed.subcommand().commandSpec().userObject();
        assertEquals(6, streams.options.topics.partitions);
    }

    @Test
    void theGuaranteeCommitIntervalStandbysAndSessionAreOptions() {
        Guarantees chosen = parse(
                "--processing-guarantee",
                "at_least_once",
                "--commit-interval",
                "30ms",
                "--standby-replicas",
                "2",
                "--session-timeout",
                "10s");
        assertEquals(
                new Guarantees(
                        Guarantees.ProcessingGuarantee.AT_LEAST_ONCE, Duration.ofMillis(30), 2, Duration.ofSeconds(10)),
                chosen);
        assertEquals(Duration.ofSeconds(1), parse("--commit-interval", "1s").commitInterval());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        String guarantee = refusal("streams", "-b", "127.0.0.1:1", "--processing-guarantee", "exactly_once");
        assertTrue(
                guarantee.contains("configuration error: streams.processing-guarantee must be one of exactly_once_v2,"
                        + " at_least_once, was 'exactly_once'"),
                guarantee);
        String interval = refusal("streams", "-b", "127.0.0.1:1", "--commit-interval", "fast");
        assertTrue(interval.contains("streams.commit-interval: expected a span like 100ms, 6s or 1m"), interval);
        String session = refusal("streams", "-b", "127.0.0.1:1", "--session-timeout", "2s");
        assertTrue(session.contains("streams.session-timeout must be between 6s and 30m"), session);
        String standbys = refusal("streams", "-b", "127.0.0.1:1", "--standby-replicas", "-1");
        assertTrue(standbys.contains("streams.standby-replicas must be between 0 and 10"), standbys);
    }
}
