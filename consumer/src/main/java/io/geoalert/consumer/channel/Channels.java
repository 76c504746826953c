package io.geoalert.consumer.channel;

import io.geoalert.consumer.subscription.SecretRef;
import io.geoalert.consumer.subscription.Subscription;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the channel a subscription names from its {@code channel} settings, secrets resolved:
 * {@code webhook}, {@code slack}, {@code teams}, {@code email}, {@code terminal} and {@code file}.
 * Every error names the setting at fault. The HTTP channels share one client.
 */
public final class Channels implements ChannelFactory {

    /** Sent as {@code User-Agent} by the HTTP channels. */
    public static final String USER_AGENT = "geoalert/" + version();

    static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MAX_HTTP_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SMTP_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_RECIPIENTS = 50;

    private static final Map<String, Set<String>> SETTINGS = Map.of(
            "webhook", Set.of("url", "secrets", "format", "timeout"),
            "slack", Set.of("url", "timeout"),
            "teams", Set.of("url", "timeout"),
            "email", Set.of("to", "from", "smtp"),
            "terminal", Set.of(),
            "file", Set.of("path"));
    private static final Set<String> SMTP_SETTINGS = Set.of("host", "port", "starttls", "username", "password");

    private final HttpPoster poster;
    private final Clock clock;
    private final SecretRef secrets;
    private final PrintStream terminal;
    private final boolean colour;

    public Channels(HttpClient http, Clock clock, SecretRef secrets, PrintStream terminal, boolean colour) {
        this.poster = new HttpPoster(http, clock);
        this.clock = clock;
        this.secrets = secrets;
        this.terminal = terminal;
        this.colour = colour;
    }

    /** The production set-up: the system clock and environment, standard output without colour. */
    public static Channels standard() {
        return new Channels(httpClient(), Clock.systemUTC(), SecretRef.system(), System.out, false);
    }

    /**
     * The HTTP client the channels are meant to share: HTTP/1.1 (one small POST per message gains
     * nothing from HTTP/2, and some receivers mishandle its clear-text upgrade), redirects not
     * followed, connections given {@link #DEFAULT_HTTP_TIMEOUT}.
     */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(DEFAULT_HTTP_TIMEOUT)
                .build();
    }

    @Override
    public Channel create(Subscription subscription) {
        Subscription.ChannelSpec spec = subscription.channel();
        if (spec == null || spec.type() == null || spec.type().isBlank()) {
            throw new IllegalArgumentException("channel.type is required");
        }
        String type = spec.type().trim().toLowerCase(Locale.ROOT);
        Set<String> known = SETTINGS.get(type);
        if (known == null) {
            throw new IllegalArgumentException("channel.type '" + spec.type()
                    + "' is unknown; expected webhook, slack, teams, email, terminal or file");
        }
        rejectUnknown("channel", spec.settings(), known, type);
        ChannelSettings settings = new ChannelSettings("channel", spec.settings());
        return switch (type) {
            case "webhook" -> webhook(settings);
            case "slack" -> new SlackChannel(poster, settings.httpUrl("url", secrets), httpTimeout(settings));
            case "teams" -> new TeamsChannel(poster, settings.httpUrl("url", secrets), httpTimeout(settings));
            case "email" -> email(settings, spec.settings());
            case "terminal" -> new TerminalChannel(terminal, colour);
            case "file" -> file(settings);
            default -> throw new IllegalStateException("no builder for channel type " + type);
        };
    }

    private WebhookChannel webhook(ChannelSettings settings) {
        List<String> written = settings.strings("secrets", 1, 2);
        List<String> resolved = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            resolved.add(secrets.resolve(settings.path("secrets") + "[" + i + "]", written.get(i)));
        }
        String format = settings.string("format", "raw").toLowerCase(Locale.ROOT);
        WebhookChannel.Format shape = switch (format) {
            case "raw" -> WebhookChannel.Format.RAW;
            case "cloudevents" -> WebhookChannel.Format.CLOUDEVENTS;
            default ->
                throw new IllegalArgumentException(
                        settings.path("format") + " must be raw or cloudevents; was '" + format + "'");
        };
        return new WebhookChannel(poster, settings.httpUrl("url", secrets), resolved, shape, httpTimeout(settings));
    }

    private static Duration httpTimeout(ChannelSettings settings) {
        return settings.duration("timeout", DEFAULT_HTTP_TIMEOUT, MAX_HTTP_TIMEOUT);
    }

    private EmailChannel email(ChannelSettings settings, Map<String, Object> raw) {
        List<String> written = settings.strings("to", 1, MAX_RECIPIENTS);
        List<InternetAddress> to = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            to.add(address(settings.path("to") + "[" + i + "]", written.get(i)));
        }
        InternetAddress from = address(settings.path("from"), settings.string("from"));
        ChannelSettings smtp = settings.object("smtp");
        @SuppressWarnings("unchecked") // checked to be an object by settings.object above
        Map<String, Object> smtpRaw = (Map<String, Object>) raw.get("smtp");
        rejectUnknown("channel.smtp", smtpRaw, SMTP_SETTINGS, "smtp");
        boolean starttls = smtp.bool("starttls", true);
        String username = smtp.has("username") ? smtp.string("username") : null;
        String password = username == null ? null : secrets.resolve(smtp.path("password"), smtp.string("password"));
        SmtpServer server = new SmtpServer(
                smtp.string("host"), smtp.port("port", starttls ? 587 : 25), starttls, username, password);
        return new EmailChannel(server, from, to, clock, SMTP_TIMEOUT);
    }

    private static InternetAddress address(String field, String text) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            if (address.isGroup()) {
                throw new AddressException("a group");
            }
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException(field + " is not an e-mail address: '" + text + "'");
        }
    }

    private static JsonLinesFileChannel file(ChannelSettings settings) {
        String path = settings.string("path");
        try {
            return new JsonLinesFileChannel(Path.of(path));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(settings.path("path") + " is not a valid path: '" + path + "'");
        }
    }

    private static void rejectUnknown(String prefix, Map<String, Object> settings, Set<String> known, String type) {
        if (settings == null) {
            return;
        }
        for (String key : settings.keySet()) {
            // a misspelt "secret" or "timout" must not be silently ignored
            if (!key.equals("type") && !known.contains(key)) {
                throw new IllegalArgumentException(prefix + "." + key + " is not a " + type + " setting; expected "
                        + (known.isEmpty()
                                ? "none"
                                : String.join(", ", known.stream().sorted().toList())));
            }
        }
    }

    private static String version() {
        String version = Channels.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
