package io.geoalert.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@code geoalert streams} instance in a JVM of its own, for tests that kill it with {@code kill -9}. */
final class StreamsProcess {

    private StreamsProcess() {}

    /** As {@link #start(String, String, Path, Path, List, String...)} with no JVM options beyond a 512 MiB heap. */
    static Process start(String bootstrap, String applicationId, Path stateDir, Path log, String... options)
            throws IOException {
        return start(bootstrap, applicationId, stateDir, log, List.of(), options);
    }

    /**
     * Starts {@code geoalert streams} against {@code bootstrap} with the test's class path, HTTP on a
     * free port, and the given options after the application id and state directory; output goes to
     * {@code log}.
     */
    static Process start(
            String bootstrap, String applicationId, Path stateDir, Path log, List<String> jvmOptions, String... options)
            throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                classpath,
                GeoalertCommand.class.getName(),
                "streams",
                "-b",
                bootstrap,
                "--application-id",
                applicationId,
                "--state-dir",
                stateDir.toString(),
                "--http-port",
                "0"));
        command.addAll(List.of(options));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
