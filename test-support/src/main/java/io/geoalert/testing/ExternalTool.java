package io.geoalert.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool a test runs ({@code promtool}, {@code docker-compose}). Where it is not
 * installed the test is skipped, naming the tool, unless {@code GEOALERT_REQUIRE_TOOLS=true}
 * (set by {@code .ci/run}, which installs them): then it fails.
 */
public final class ExternalTool {

    /** What a run printed and how it ended. */
    public record Result(int exit, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    private final Path binary;

    private ExternalTool(Path binary) {
        this.binary = binary;
    }

    /** The tool on the PATH; skips or fails the calling test when it is missing (see above). */
    public static ExternalTool require(String name, String installHint) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String message = name + " is not installed (" + installHint + ")";
            if (required()) {
                Assertions.fail(message + " and GEOALERT_REQUIRE_TOOLS=true");
            }
            System.out.println("[ExternalTool] skipped: " + message);
            Assumptions.abort(message);
        }
        return new ExternalTool(found.get());
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("GEOALERT_REQUIRE_TOOLS"));
    }

    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : Pattern.compile(Pattern.quote(File.pathSeparator))
                .splitAsStream(path)
                .toList()) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the tool in {@code dir} with {@code args}, extra environment and standard input; waits at most {@code limit}. */
    public Result run(Path dir, Map<String, String> env, byte[] stdin, Duration limit, String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + limit);
            }
            return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("output of " + String.join(" ", command) + " not read", e);
        }
    }

    /** Runs the tool in {@code dir} with {@code args}. */
    public Result run(Path dir, String... args) {
        return run(dir, Map.of(), null, Duration.ofMinutes(2), args);
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
