package io.geoalert.app.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * What this process has spent: its CPU time (with the broker embedded, the broker's, the clients' and
 * the applications' together) and the JIT compiler's time. A pass that keeps every core busy is bound
 * by its CPU time per item. Both read 0 on a JVM that does not tell (not HotSpot, or no JIT).
 */
final class ProcessCpu {

    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private ProcessCpu() {}

    /** The process's CPU time, nanoseconds. */
    static long cpuNanos() {
        return OS instanceof com.sun.management.OperatingSystemMXBean hotspot
                ? Math.max(0, hotspot.getProcessCpuTime())
                : 0;
    }

    /** The JIT compiler's time so far, milliseconds (summed over its threads). */
    static long jitMillis() {
        return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
    }
}
