package io.geoalert.app.bench;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this process has used, in microseconds: with the broker embedded, the broker's, the
 * clients' and the pipeline's together. On two cores a pass that keeps both busy is bound by it, and
 * two passes' CPU per item then bounds the ratio of their rates.
 */
final class ProcessCpu {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ProcessCpu() {}

    static long micros() {
        return OS.getProcessCpuTime() / 1_000;
    }
}
