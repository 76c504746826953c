package io.geoalert.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeoalertCommandTest {

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(String... args) {
        CommandLine cli = GeoalertCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryCommand() {
        Outcome help = run("--help");
        assertEquals(0, help.exit());
        for (String command : new String[] {"run", "producer", "streams", "consumer", "publish", "tail"}) {
            assertTrue(help.out().contains(command), command + " in " + help.out());
        }
    }

    @Test
    void eachCommandExplainsItsOptions() {
        Outcome run = run("run", "--help");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("--bootstrap-servers"), run.out());
        assertTrue(run.out().contains("--kafka-dir"), run.out());
        assertTrue(run("tail", "--help").out().contains("--category"));
    }

    @Test
    void badConfigurationIsRefusedNamingTheKeyWithoutAStackTrace() {
        Outcome bad = run("streams", "--bootstrap-servers", "127.0.0.1:1", "--streams-threads", "0");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("configuration error: streams.threads must be between 1 and 64"), bad.err());
        assertFalse(bad.err().contains("\tat "), bad.err());
    }

    @Test
    void badHttpPortIsRefusedNamingTheKey() {
        Outcome bad = run("consumer", "--bootstrap-servers", "127.0.0.1:1", "--http-port", "70000");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("http.port must be between 0 and 65535"), bad.err());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Outcome bad = run("run", "--no-such-option");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("Unknown option: '--no-such-option'"), bad.err());
    }
}
