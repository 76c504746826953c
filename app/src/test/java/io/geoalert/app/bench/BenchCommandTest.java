package io.geoalert.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.app.GeoalertCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code geoalert bench} refuses bad options before starting anything, naming the option. */
class BenchCommandTest {

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        CommandLine cli = GeoalertCommand.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        assertEquals(2, cli.execute("bench", "--items", "0"));
        assertTrue(err.toString().contains("bench --items must be between 1 and"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cli.execute("bench", "--streams-property", "processing.guarantee=at_least_once"));
        assertTrue(err.toString().contains("--streams-property processing.guarantee"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cli.execute("bench", "--streams-property", "commit.interval=5"));
        assertTrue(err.toString().contains("is not a Kafka Streams property"), err.toString());
    }
}
