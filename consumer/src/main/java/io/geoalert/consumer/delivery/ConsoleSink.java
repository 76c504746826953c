package io.geoalert.consumer.delivery;

import io.geoalert.model.Alert;
import java.io.PrintStream;

/** Prints one line per alert to the terminal. */
public final class ConsoleSink implements AlertSink {

    private final PrintStream out;
    private final boolean colour;

    public ConsoleSink(PrintStream out, boolean colour) {
        this.out = out;
        this.colour = colour;
    }

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void deliver(Alert alert) {
        out.println(AlertLine.format(alert, colour));
    }

    @Override
    public void flush() {
        // a closed terminal must not stop delivery to the other sinks, so print errors are not raised
        out.flush();
    }
}
