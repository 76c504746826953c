package io.geoalert.http;

/**
 * Settings of the HTTP server: where it listens, the optional bearer token for write routes,
 * and the largest request body accepted.
 */
public record HttpSettings(String host, int port, String token, int maxBodyBytes) {

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

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
        token = token == null || token.isBlank() ? null : token;
    }

    public static HttpSettings defaults() {
        return new HttpSettings("0.0.0.0", DEFAULT_PORT, null, DEFAULT_MAX_BODY_BYTES);
    }
}
