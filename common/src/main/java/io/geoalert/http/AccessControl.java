package io.geoalert.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call what. {@code /health} (and its probes {@code /health/live}, {@code /health/ready}) is always open (and {@code /metrics} when configured);
 * every other route needs the bearer token when one is set, and changes to rules and to
 * subscriptions (which say where alerts and their secrets go) need the admin token when one is set. Tokens are compared in constant time and never echoed.
 */
final class AccessControl {

    /** Changes under these paths need the admin token when one is configured. */
    static final java.util.List<String> ADMIN_PATHS = java.util.List.of("/v1/rules", "/v1/subscriptions");

    enum Level {
        PUBLIC,
        TOKEN,
        ADMIN
    }

    private final byte[] token;
    private final byte[] adminToken;
    private final boolean publicMetrics;

    AccessControl(HttpSettings settings) {
        this.token = digest(settings.token());
        this.adminToken = digest(settings.adminToken());
        this.publicMetrics = settings.publicMetrics();
    }

    Level level(String method, String path) {
        if (isHealth(path) || (publicMetrics && path.equals("/metrics") && method.equals("GET"))) {
            return Level.PUBLIC;
        }
        boolean adminChange = !method.equals("GET")
                && !method.equals("HEAD")
                && ADMIN_PATHS.stream().anyMatch(admin -> path.equals(admin) || path.startsWith(admin + "/"));
        return adminChange ? Level.ADMIN : Level.TOKEN;
    }

    /** {@code /health} and the probes {@code /health/live} and {@code /health/ready}: always open. */
    static boolean isHealth(String path) {
        return path.equals("/health") || path.equals("/health/live") || path.equals("/health/ready");
    }

    /** The refusal for a request at this level with this Authorization header, if it is refused. */
    Optional<ApiException> check(Level level, String authorization) {
        byte[] wanted = level == Level.ADMIN && adminToken != null ? adminToken : token;
        if (level == Level.PUBLIC
                || (wanted == null && adminToken == null)
                || (level == Level.TOKEN && token == null)) {
            return Optional.empty();
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(new ApiException(401, null, "this route needs 'Authorization: Bearer <token>'"));
        }
        byte[] presented = digest(authorization.substring(7).strip());
        boolean ok = (wanted != null && MessageDigest.isEqual(presented, wanted))
                || (adminToken != null && MessageDigest.isEqual(presented, adminToken));
        if (ok) {
            return Optional.empty();
        }
        return Optional.of(new ApiException(
                403,
                null,
                level == Level.ADMIN && adminToken != null
                        ? "this route needs the admin token"
                        : "the bearer token is not valid"));
    }

    /**
     * DNS-rebinding defence for a loopback server: a browser page from another site may reach
     * 127.0.0.1, but its requests carry that site's name in {@code Host}.
     */
    static Optional<ApiException> checkLoopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return Optional.empty(); // HTTP/1.0 clients; browsers always send Host
        }
        String h = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            name = end < 0 ? h : h.substring(0, end + 1);
        } else {
            int colon = h.indexOf(':');
            name = colon < 0 ? h : h.substring(0, colon);
        }
        if (name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]")) {
            return Optional.empty();
        }
        String shown = name.length() > 60 ? name.substring(0, 60) + "…" : name;
        return Optional.of(
                new ApiException(
                        403,
                        "Host",
                        "Host '" + shown
                                + "' is not served: this server listens on loopback and answers only localhost, 127.0.0.1 and [::1]"));
    }

    private static byte[] digest(String secret) {
        if (secret == null) {
            return null;
        }
        try {
            // comparing digests keeps the comparison constant-time even when the lengths differ
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
