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

    private static Outcome runCapturingStdout(String... args) {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Outcome outcome = run(args);
            return new Outcome(outcome.exit(), captured.toString(java.nio.charset.StandardCharsets.UTF_8) + outcome.out(), outcome.err());
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void rulesValidateNamesTheRuleAndLineOfEveryError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("rules.yaml");
        java.nio.file.Files.writeString(file, """
                rules:
                  - id: fine
                    category: sanctions
                    severity: high
                    any: [sanction]
                  - id: broken
                    category: sanctions
                    severity: high
                    any: [{entity: Atlantis}]
                    fields: [headline]
                """);
        Outcome bad = runCapturingStdout("rules", "validate", file.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.out().contains(file + ":6: rule 'broken': entity 'Atlantis' is not in the gazetteer"), bad.out());
        assertTrue(bad.out().contains(file + ":6: rule 'broken': unknown field 'headline'"), bad.out());
        assertTrue(bad.out().contains("2 error(s)"), bad.out());
    }

    @Test
    void rulesTestShowsWhichRulesFireAndWhy() {
        Outcome test = runCapturingStdout("rules", "test", "--all", "--text", "UN to reimpose sanctions on Iran");
        assertEquals(0, test.exit(), test.err());
        assertTrue(test.out().contains("FIRED  snapback-un-sanctions"), test.out());
        assertTrue(test.out().contains("'reimpose' (reimpose, title 6-14)"), test.out());
        assertTrue(test.out().contains("entities: Iran, United Nations"), test.out());
        assertTrue(test.out().contains("treaty-events            treaty     none of: no mention of 'treaty'"), test.out());
    }
}
