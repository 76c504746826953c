package io.geoalert.consumer.channel;

/**
 * Where and how e-mail is handed over: host and port, whether STARTTLS is required, and the login
 * (none when {@code username} is null). The password is already resolved, so {@link #toString()}
 * leaves it out.
 */
public record SmtpServer(String host, int port, boolean starttls, String username, String password) {

    public SmtpServer {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("channel.smtp.host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("channel.smtp.port must be 1-65535");
        }
        if (username != null && password == null) {
            throw new IllegalArgumentException("channel.smtp.password is required with channel.smtp.username");
        }
    }

    boolean authenticates() {
        return username != null;
    }

    @Override
    public String toString() {
        return "SmtpServer[" + host + ":" + port + (starttls ? ", starttls" : "")
                + (username == null ? "" : ", user " + username) + "]";
    }
}
