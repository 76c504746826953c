package io.geoalert.app;

import io.geoalert.http.HttpSettings;
import picocli.CommandLine.Option;

/** The HTTP server's options; the token may also come from {@code GEOALERT_HTTP_TOKEN}. */
final class HttpOptions {

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port (0 picks a free one).")
    Integer port;

    @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address the HTTP server binds (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-max-body", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body accepted; larger gets 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    HttpSettings settings(int defaultPort) {
        return new HttpSettings(host, port == null ? defaultPort : port, System.getenv("GEOALERT_HTTP_TOKEN"), maxBodyBytes);
    }
}
