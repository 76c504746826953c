package io.geoalert.app.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The benchmark's progress on stderr: one line rewritten in place (carriage return) on a terminal;
 * elsewhere one line as each phase starts and one as it ends, so logs and CI output stay readable.
 */
final class Progress {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private String phase = "";
    private long drawnAt;
    private int width;

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** A phase with nothing to count. */
    void start(String phase) {
        show(phase, 0, 0, "");
    }

    /** How far the current phase is; a new phase name starts a new phase. */
    synchronized void show(String phase, long done, long total, String unit) {
        boolean started = !phase.equals(this.phase);
        this.phase = phase;
        if (!terminal) {
            if (started) {
                err.println("geoalert bench: " + phase + " ...");
                err.flush();
            }
            return;
        }
        long now = System.nanoTime();
        if (started || done == total || now - drawnAt > REDRAW_NANOS) {
            drawnAt = now;
            draw(
                    total == 0
                            ? "geoalert bench: " + phase + " ..."
                            : String.format(Locale.ROOT, "geoalert bench: %s %,d/%,d %s", phase, done, total, unit));
        }
    }

    /** The phase's outcome, on a line of its own. */
    synchronized void done(String outcome) {
        if (terminal) {
            draw("geoalert bench: " + phase + ": " + outcome);
            err.println();
            width = 0;
        } else {
            err.println("geoalert bench: " + phase + ": " + outcome);
        }
        err.flush();
        phase = "";
    }

    private void draw(String line) {
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        width = line.length();
    }
}
