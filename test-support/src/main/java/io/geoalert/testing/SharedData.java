package io.geoalert.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Test material in {@code ../shared} beside the repository (third-party corpora and fixtures,
 * read in place and never copied into the repository).
 */
public final class SharedData {

    private SharedData() {}

    /** The shared folder, found upward from the working directory, or from {@code GEOALERT_SHARED_DIR}. */
    public static Optional<Path> root() {
        String configured = System.getenv("GEOALERT_SHARED_DIR");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("fixtures"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A file under the shared folder; the caller is guarded by {@link RequiresSharedData}. */
    public static Path path(String relative) {
        Path root = root().orElseThrow(() ->
                new IllegalStateException("../shared/" + relative + " is missing (see RequiresSharedData)"));
        return root.resolve(relative);
    }

    /** True where CI runs: missing material is then a failure, not a skip. */
    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("GEOALERT_REQUIRE_SHARED"));
    }
}
