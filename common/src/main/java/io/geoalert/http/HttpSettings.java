package io.geoalert.http;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the HTTP server: where it listens, who may call it (a bearer token for every
 * route but {@code /health}, an optional admin token for rule and subscription changes), the largest request
 * body, and the bounds that keep slow or many clients from starving it. Tokens never appear
 * in {@link #toString()}.
 *
 * @param workers        threads that run API routes (ingest, rules, alerts)
 * @param queue          API requests waiting for a worker before the server answers 503
 * @param readTimeout    time allowed to read a request body (and to write a response)
 * @param publicMetrics  serve {@code /metrics} without the token
 * @param advertised     {@code host:port} other instances reach this server at, to ask it for its part of a
 *     query; null for the bound address ({@link #advertisedAddress})
 * @param peers          the {@code host:port} of the instances this one may send its token to when it asks
 *     them for their part of a query (as they advertise themselves); empty for any member of the
 *     application id
 */
public record HttpSettings(
        String host,
        int port,
        String token,
        String adminToken,
        boolean publicMetrics,
        int maxBodyBytes,
        int workers,
        int queue,
        Duration readTimeout,
        String advertised,
        List<String> peers) {

    public static final int DEFAULT_PORT = 8080;
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_WORKERS = 8;
    public static final int DEFAULT_QUEUE = 32;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("http.host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http.port must be between 0 and 65535, was " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("http.max-body-bytes must be at least 1024, was " + maxBodyBytes);
        }
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("http.workers must be between 1 and 256, was " + workers);
        }
        if (queue < 0 || queue > 10_000) {
            throw new IllegalArgumentException("http.queue must be between 0 and 10000, was " + queue);
        }
        if (readTimeout == null || readTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("http.read-timeout must be at least 100 ms, was " + readTimeout);
        }
        token = blankToNull(token);
        adminToken = blankToNull(adminToken);
        advertised = blankToNull(advertised);
        if (advertised != null && !isHostAndPort(advertised)) {
            throw new IllegalArgumentException("http.advertised must be HOST:PORT (how other instances reach this"
                    + " one, port 1-65535, no scheme), was '" + advertised + "'");
        }
        peers = peers == null ? List.of() : peers.stream().map(String::strip).toList();
        for (String peer : peers) {
            if (!isHostAndPort(peer)) {
                throw new IllegalArgumentException("http.peers must be HOST:PORT entries (as the instances advertise"
                        + " themselves, port 1-65535, no scheme), was '" + peer + "'");
            }
        }
    }

    /** Settings where other instances reach the server at its bound address. */
    public HttpSettings(
            String host,
            int port,
            String token,
            String adminToken,
            boolean publicMetrics,
            int maxBodyBytes,
            int workers,
            int queue,
            Duration readTimeout) {
        this(host, port, token, adminToken, publicMetrics, maxBodyBytes, workers, queue, readTimeout, null, List.of());
    }

    /** Loopback only, no token, default bounds: what a test or a single-user machine needs. */
    public HttpSettings(String host, int port, String token, int maxBodyBytes) {
        this(host, port, token, null, false, maxBodyBytes, DEFAULT_WORKERS, DEFAULT_QUEUE, DEFAULT_READ_TIMEOUT);
    }

    public static HttpSettings defaults() {
        return new HttpSettings(LOOPBACK, DEFAULT_PORT, null, DEFAULT_MAX_BODY_BYTES);
    }

    public HttpSettings withToken(String newToken, String newAdminToken) {
        return new HttpSettings(
                host,
                port,
                newToken,
                newAdminToken,
                publicMetrics,
                maxBodyBytes,
                workers,
                queue,
                readTimeout,
                advertised,
                peers);
    }

    public HttpSettings withLimits(int newWorkers, int newQueue, Duration newReadTimeout) {
        return new HttpSettings(
                host,
                port,
                token,
                adminToken,
                publicMetrics,
                maxBodyBytes,
                newWorkers,
                newQueue,
                newReadTimeout,
                advertised,
                peers);
    }

    public HttpSettings withPublicMetrics(boolean open) {
        return new HttpSettings(
                host, port, token, adminToken, open, maxBodyBytes, workers, queue, readTimeout, advertised, peers);
    }

    public HttpSettings withAdvertised(String hostAndPort) {
        return new HttpSettings(
                host,
                port,
                token,
                adminToken,
                publicMetrics,
                maxBodyBytes,
                workers,
                queue,
                readTimeout,
                hostAndPort,
                peers);
    }

    public HttpSettings withPeers(List<String> hostsAndPorts) {
        return new HttpSettings(
                host,
                port,
                token,
                adminToken,
                publicMetrics,
                maxBodyBytes,
                workers,
                queue,
                readTimeout,
                advertised,
                hostsAndPorts);
    }

    /**
     * Where other instances reach this server: {@code advertised} when set, else the bound host (this
     * machine's name when bound to every interface) and {@code boundPort}.
     */
    public String advertisedAddress(int boundPort) {
        if (advertised != null) {
            return advertised;
        }
        String h = host;
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                h = "localhost";
            }
        }
        return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + boundPort;
    }

    private static boolean isHostAndPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || text.contains("/") || text.contains(" ")) {
            return false;
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** True when the server accepts connections from this machine only. */
    public boolean loopbackOnly() {
        return isLoopback(host);
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        // a record's own toString would print the tokens into any log line that shows the settings
        return "HttpSettings[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "set")
                + ", adminToken=" + (adminToken == null ? "none" : "set") + ", publicMetrics=" + publicMetrics
                + ", maxBodyBytes=" + maxBodyBytes + ", workers=" + workers + ", queue=" + queue
                + ", readTimeout=" + readTimeout + ", advertised=" + advertised + ", peers=" + peers + "]";
    }
}
