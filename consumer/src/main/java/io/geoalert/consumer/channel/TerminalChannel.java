package io.geoalert.consumer.channel;

import io.geoalert.consumer.delivery.AlertLine;
import io.geoalert.model.Alert;
import java.io.PrintStream;

/**
 * Prints one line per alert, as {@code tail} and the console sink do ({@link AlertLine}: feed text
 * stripped of control sequences and line breaks); a test delivery's lines start with {@code TEST}.
 */
public final class TerminalChannel implements Channel {

    private final PrintStream out;
    private final boolean colour;

    public TerminalChannel(PrintStream out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    @Override
    public String type() {
        return "terminal";
    }

    @Override
    public Outcome send(Delivery delivery) {
        StringBuilder lines = new StringBuilder();
        for (Alert alert : delivery.alerts()) {
            lines.append(delivery.test() ? "TEST  " : "")
                    .append(AlertLine.format(alert, colour))
                    .append(System.lineSeparator());
        }
        // one write under the stream's lock, so two subscriptions' lines never interleave
        synchronized (out) {
            out.print(lines);
            out.flush();
        }
        // a closed terminal is not a reason to hold back anybody's alerts, as with the console sink
        return new Outcome.Sent(0);
    }
}
