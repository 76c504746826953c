package io.geoalert.app.bench;

import io.geoalert.app.GeoalertCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code geoalert} command run in the test's JVM: its exit code and what it printed on each stream. */
record BenchRun(int exit, String out, String err) {

    static BenchRun of(String... args) {
        CommandLine cli = GeoalertCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new BenchRun(exit, out.toString(), err.toString());
    }
}
