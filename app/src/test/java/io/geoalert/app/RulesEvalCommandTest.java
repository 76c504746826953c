package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code geoalert rules eval} on a small rule file and labeled files written by the test. */
class RulesEvalCommandTest {

    private record Outcome(int exit, String out, String err) {}

    /** Runs the command; it prints to System.out and System.err, so both are captured. */
    private static Outcome run(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = GeoalertCommand.commandLine();
            StringWriter cliOut = new StringWriter();
            StringWriter cliErr = new StringWriter();
            cli.setOut(new PrintWriter(cliOut));
            cli.setErr(new PrintWriter(cliErr));
            int exit = cli.execute(args);
            // the command ends lines with %n: compare as \n on every system
            return new Outcome(
                    exit,
                    (out.toString(StandardCharsets.UTF_8) + cliOut).replace("\r\n", "\n"),
                    (err.toString(StandardCharsets.UTF_8) + cliErr).replace("\r\n", "\n"));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static final String RULES = """
            rules:
              - id: sanctions-words
                category: sanctions
                severity: high
                any: [sanction, embargo]
              - id: treaty-words
                category: treaty
                severity: medium
                any: [treaty]
            """;

    /** sanctions: 2 expected, 1 found, 1 missed, 1 false alarm; treaty: 1 expected, 1 found. */
    private static final String LABELED = """
            {"id":"s1","source":"desk","title":"New sanctions on Acme","body":"b","expect":["sanctions"]}
            {"id":"s2","source":"desk","title":"Tariffs rise on steel","body":"b","expect":["sanctions"]}

            {"id":"f1","source":"desk","title":"Club sanctioned over fans","body":"b","expect":[]}
            {"id":"t1","source":"desk","title":"Border treaty ratified","body":"b","expect":["treaty"]}
            """;

    @TempDir
    Path dir;

    private Path rules;
    private Path labeled;

    @BeforeEach
    void files() throws IOException {
        rules = Files.writeString(dir.resolve("rules.yaml"), RULES);
        labeled = Files.writeString(dir.resolve("labeled.jsonl"), LABELED);
    }

    @Test
    void printsTheCategoryTableAndEachMissAndFalseAlarm() {
        Outcome eval = run("rules", "eval", labeled.toString(), "--rules", rules.toString());
        assertEquals(0, eval.exit(), eval.err());
        String out = eval.out();
        assertTrue(out.startsWith("4 labeled items from [" + labeled + "], rules: " + rules + "\n"), out);
        assertTrue(out.contains("""
                        category     positives    tp    fp    fn precision  recall    f1
                        sanctions            2     1     1     1      0.50    0.50  0.50
                        treaty               1     1     0     0      1.00    1.00  1.00
                        """), out);
        assertTrue(out.contains("""
                        rule            category      fired  right  wrong precision   found    f1
                        sanctions-words sanctions         2      1      1      0.50    0.50  0.50
                        treaty-words    treaty            1      1      0      1.00    1.00  1.00
                        """), out);
        assertTrue(out.contains("""
                        misses (1)
                          sanctions  s2  "Tariffs rise on steel"
                              sanctions-words did not fire: none of: no mention of 'sanction'; \
                        no mention of 'embargo'
                        """), out);
        assertTrue(out.contains("""
                        false alarms (1)
                          sanctions  f1  "Club sanctioned over fans"
                              sanctions-words fired on 'sanctioned' (title)
                        """), out);
        assertFalse(out.contains("BELOW THRESHOLD"), out);

        Outcome quiet = run("rules", "eval", labeled.toString(), "--rules", rules.toString(), "--quiet");
        assertEquals(0, quiet.exit(), quiet.err());
        assertTrue(quiet.out().contains("sanctions            2     1     1     1"), quiet.out());
        assertFalse(quiet.out().contains("misses"), quiet.out());
        assertFalse(quiet.out().contains("false alarms"), quiet.out());
    }

    @Test
    void printsAJsonReportThatParses() throws IOException {
        Outcome eval = run("rules", "eval", labeled.toString(), "--rules", rules.toString(), "--json");
        assertEquals(0, eval.exit(), eval.err());
        JsonNode report = Json.MAPPER.readTree(eval.out());
        assertEquals(4, report.path("items").asInt());
        JsonNode sanctions = report.path("categories").path(0);
        assertEquals("sanctions", sanctions.path("category").asText());
        assertEquals(2, sanctions.path("positives").asInt());
        assertEquals(1, sanctions.path("truePositives").asInt());
        assertEquals(1, sanctions.path("falsePositives").asInt());
        assertEquals(1, sanctions.path("falseNegatives").asInt());
        assertEquals(0.5, sanctions.path("precision").asDouble(-1), sanctions.toString());
        assertEquals(0.5, sanctions.path("recall").asDouble(-1), sanctions.toString());
        assertEquals(0.5, sanctions.path("f1").asDouble(-1), sanctions.toString());
        assertEquals(
                "treaty", report.path("categories").path(1).path("category").asText());
        assertEquals(
                "sanctions-words", report.path("rules").path(0).path("rule").asText());
        assertEquals(2, report.path("rules").path(0).path("fired").asInt());
        assertEquals("s2", report.path("misses").path(0).path("item").asText());
        assertEquals("f1", report.path("falseAlarms").path(0).path("item").asText());
        assertEquals(
                "sanctions-words fired on 'sanctioned' (title)",
                report.path("falseAlarms").path(0).path("because").path(0).asText());
    }

    @Test
    void exitsOneNamingTheShortfallWhenRecallIsUnderTheMinimumAndZeroWhenItIsMet() {
        Outcome under = run("rules", "eval", labeled.toString(), "--rules", rules.toString(), "--min-recall", "0.9");
        assertEquals(1, under.exit(), under.err());
        assertTrue(under.out().contains("BELOW THRESHOLD: sanctions recall 0.50 < 0.90\n"), under.out());
        assertFalse(under.out().contains("BELOW THRESHOLD: treaty"), under.out());

        Outcome met = run("rules", "eval", labeled.toString(), "--rules", rules.toString(), "--min-recall", "0.5");
        assertEquals(0, met.exit(), met.err());
        assertFalse(met.out().contains("BELOW THRESHOLD"), met.out());

        Outcome precision =
                run("rules", "eval", labeled.toString(), "--rules", rules.toString(), "--min-precision", "0.6");
        assertEquals(1, precision.exit(), precision.err());
        assertTrue(precision.out().contains("BELOW THRESHOLD: sanctions precision 0.50 < 0.60\n"), precision.out());

        Outcome json =
                run("rules", "eval", labeled.toString(), "--rules", rules.toString(), "--min-recall", "0.9", "--json");
        assertEquals(1, json.exit(), "the threshold holds with --json too");
    }

    @Test
    void exitsTwoNamingFileAndLineOfABadLine() throws IOException {
        Files.writeString(labeled, LABELED + "{\"id\":\"x1\",\"source\":\"desk\",\"title\":\"T\",\"body\":\"b\"}\n");
        Outcome bad = run("rules", "eval", labeled.toString(), "--rules", rules.toString());
        assertEquals(2, bad.exit(), bad.out());
        assertTrue(
                bad.err()
                        .contains("geoalert rules eval: " + labeled + " line 6: 'expect' must be a list of categories"),
                bad.err());
        assertFalse(bad.out().contains("category     positives"), "no report from a file that cannot be read");
    }

    @Test
    void exitsTwoForAThresholdOutsideZeroToOne() {
        for (String[] option : new String[][] {{"--min-recall", "1.5"}, {"--min-precision", "-0.1"}}) {
            Outcome bad = run("rules", "eval", labeled.toString(), "--rules", rules.toString(), option[0], option[1]);
            assertEquals(2, bad.exit(), option[0]);
            assertTrue(bad.err().contains("thresholds are between 0 and 1, not " + option[1]), bad.err());
        }
    }

    private static final String FEED = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Desk</title><link>https://desk.example.org/</link>
            <item><title>Weather stays fine</title><link>https://desk.example.org/1</link>
              <description>Sun all week.</description></item>
            <item><title>Neighbours sign a border treaty</title><link>https://desk.example.org/2</link>
              <description>The treaty ends a long dispute.</description></item>
            </channel></rss>
            """;

    @Test
    void resolvesReferenceLinesInTheCorpusFolder() throws IOException {
        Path corpus = Files.createDirectories(dir.resolve("corpus/feeds"));
        Files.writeString(corpus.resolve("desk.rss"), FEED);
        Files.writeString(labeled, """
                {"ref":"feeds/desk.rss#1","expect":["treaty"]}
                {"ref":"feeds/desk.rss#0","expect":["sanctions"]}
                """);
        Outcome eval = run(
                "rules",
                "eval",
                labeled.toString(),
                "--rules",
                rules.toString(),
                "--corpus",
                dir.resolve("corpus").toString());
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(eval.out().startsWith("2 labeled items"), eval.out());
        assertTrue(
                eval.out().contains("treaty               1     1     0     0      1.00    1.00  1.00\n"), eval.out());
        assertTrue(
                eval.out().contains("  sanctions  feeds/desk.rss#0  \"Weather stays fine\"\n"),
                "the miss is named by its reference: " + eval.out());

        Files.writeString(labeled, "{\"ref\":\"feeds/desk.rss#2\",\"expect\":[]}\n");
        Outcome unknown = run(
                "rules",
                "eval",
                labeled.toString(),
                "--rules",
                rules.toString(),
                "--corpus",
                dir.resolve("corpus").toString());
        assertEquals(2, unknown.exit(), unknown.out());
        assertTrue(
                unknown.err().contains(labeled + " line 1: corpus reference 'feeds/desk.rss#2': no item at position 2"),
                unknown.err());
    }
}
