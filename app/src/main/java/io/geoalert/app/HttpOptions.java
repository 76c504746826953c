package io.geoalert.app;

import io.geoalert.app.config.ConfigSection;
import io.geoalert.http.HttpSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The HTTP server's options. Tokens come from the environment ({@code GEOALERT_HTTP_TOKEN},
 * {@code GEOALERT_HTTP_ADMIN_TOKEN}) or the configuration file, never the command line, where other
 * users could read them.
 * Without a token the server listens on loopback unless {@code --http-host} says otherwise.
 */
@ConfigSection("http")
final class HttpOptions {

    static final String TOKEN_ENV = "GEOALERT_HTTP_TOKEN";
    static final String ADMIN_TOKEN_ENV = "GEOALERT_HTTP_ADMIN_TOKEN";

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            description = "HTTP port; 0 picks a free one (default: 8080 for run and producer, 8081 for streams,"
                    + " 8082 for consumer).")
    Integer port;

    @Option(
            names = "--http-host",
            paramLabel = "ADDRESS",
            description = "Address the HTTP server binds (default: 0.0.0.0 when $" + TOKEN_ENV
                    + " is set, else 127.0.0.1;" + " another address without a token is served with a warning).")
    String host;

    @Option(
            names = "--http-advertised",
            paramLabel = "HOST:PORT",
            description = "Where other instances reach this one's HTTP server to ask for its part of GET /v1/alerts"
                    + " (Kafka Streams' application.server; default: the bound address, this machine's name when"
                    + " bound to 0.0.0.0).")
    String advertised;

    @Option(
            names = "--http-peers",
            paramLabel = "HOST:PORT",
            split = ",",
            description = "An instance this one may send its token to when it asks for that instance's part of GET"
                    + " /v1/alerts or /v1/stats, as that instance advertises itself (comma-separated or repeated; default: any member"
                    + " of the application id). Members not listed are not asked; their part is reported missing.")
    List<String> peers = List.of();

    @Option(
            names = {"--http-max-body", "--http-max-body-bytes"},
            paramLabel = "BYTES",
            defaultValue = "1048576",
            description = "Largest request body accepted; larger gets 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(
            names = "--http-public-metrics",
            description = "Serve GET /metrics without the token (for a Prometheus that cannot send one).")
    boolean publicMetrics;

    @Option(
            names = "--http-workers",
            paramLabel = "N",
            defaultValue = "" + HttpSettings.DEFAULT_WORKERS,
            description = "Threads for API requests (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--http-queue",
            paramLabel = "N",
            defaultValue = "" + HttpSettings.DEFAULT_QUEUE,
            description = "API requests that may wait for a thread; more get 503 (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(
            names = "--http-read-timeout",
            paramLabel = "MS",
            defaultValue = "10000",
            description =
                    "Time a client has to send its request body; slower ones are cut off (default: ${DEFAULT-VALUE}).")
    long readTimeoutMs;

    HttpSettings settings(int defaultPort) {
        return settings(defaultPort, System.getenv());
    }

    HttpSettings settings(int defaultPort, Map<String, String> env) {
        String token = env.get(TOKEN_ENV);
        boolean hasToken = token != null && !token.isBlank();
        String bind = host != null ? host : hasToken ? "0.0.0.0" : HttpSettings.LOOPBACK;
        return new HttpSettings(
                bind,
                port == null ? defaultPort : port,
                token,
                env.get(ADMIN_TOKEN_ENV),
                publicMetrics,
                maxBodyBytes,
                workers,
                queue,
                Duration.ofMillis(readTimeoutMs),
                advertised,
                peers);
    }
}
