package io.geoalert.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One {@code geoalert} command run in the test's JVM: its exit code and what it printed on each stream. */
public record CommandRun(int exit, String out, String err) {

    /** Runs the command line as {@code ./geoalert} builds it. */
    public static CommandRun of(String... args) {
        return of(GeoalertCommand.commandLine(), args);
    }

    /** Runs the given command line, e.g. one built with a test's own environment. */
    public static CommandRun of(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new CommandRun(exit, out.toString(), err.toString());
    }
}
