package io.geoalert.consumer.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.geoalert.model.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a subscription written in JSON or YAML into a {@link Subscription}, checking everything it
 * can without sending: every problem is collected, each naming its field by path (e.g.
 * {@code channel.url must be an http(s) URL}), and unknown fields and channel types are errors
 * that name them. The channel's settings keep the format's names (see {@link #CHANNEL_TYPES});
 * secrets stay as written and are resolved only when sent ({@link SecretRef}).
 */
public final class SubscriptionParser {

    /** A subscription id: it is a record key, a URL segment, a metrics tag and part of a group id. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** The channel types and the settings each takes besides {@code type}. */
    public static final Map<String, Set<String>> CHANNEL_TYPES = Map.of(
            "webhook", Set.of("url", "secrets", "format", "timeout"),
            "slack", Set.of("url"),
            "teams", Set.of("url"),
            "email", Set.of("to", "from", "smtp"),
            "terminal", Set.of(),
            "file", Set.of("path"));

    static final int MAX_LIST = 100;
    static final int MAX_TEXT = 200;
    static final int MAX_URL = 2000;
    static final int MAX_RECIPIENTS = 50;
    static final Duration LONGEST_SPAN = Duration.ofDays(7);
    // as long as the HTTP channels wait (Channels.MAX_HTTP_TIMEOUT): an accepted subscription must be deliverable
    static final Duration LONGEST_TIMEOUT = Duration.ofSeconds(60);

    private static final List<String> FIELDS =
            List.of("id", "name", "enabled", "version", "filter", "channel", "schedule", "quietHours", "rateLimit");
    private static final List<String> FILTER_FIELDS = List.of("categories", "rules", "entities", "minSeverity", "text");
    private static final List<String> SMTP_FIELDS = List.of("host", "port", "starttls", "username", "password");
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern ADDRESS =
            Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");
    private static final Pattern NAMED_ADDRESS = Pattern.compile("[^<>\"]*<([^<>]+)>");
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String prefix;
    private final List<String> problems;

    private SubscriptionParser(String prefix, List<String> problems) {
        this.prefix = prefix;
        this.problems = problems;
    }

    /** A JSON body as a tree; a syntax error (or a repeated key) is an {@link InvalidSubscriptionException}. */
    public static JsonNode json(byte[] text) {
        return tree(JSON, text, "JSON");
    }

    /** A JSON or YAML document (a file) as a tree, as {@link #json}. */
    public static JsonNode yaml(byte[] text) {
        return tree(YAML, text, "YAML");
    }

    private static JsonNode tree(ObjectMapper mapper, byte[] text, String format) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidSubscriptionException(List.of("(document) is empty"));
            }
            return node;
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage().lines().findFirst().orElse("");
            var where = e.getLocation();
            throw new InvalidSubscriptionException(List.of("(document) is not " + format
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")")
                    + ": " + (why.length() > 200 ? why.substring(0, 200) + "…" : why)));
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e);
        }
    }

    /** The subscription {@code node} describes; it must hold its {@code id}. */
    public static Subscription parse(JsonNode node) {
        return parse(node, null);
    }

    /**
     * The subscription {@code node} describes, with {@code defaultId} as its id when it gives none.
     *
     * @throws InvalidSubscriptionException naming every problem
     */
    public static Subscription parse(JsonNode node, String defaultId) {
        List<String> problems = new ArrayList<>();
        Subscription subscription = parse(node, defaultId, "", problems);
        if (subscription == null) {
            throw new InvalidSubscriptionException(problems);
        }
        return subscription;
    }

    /**
     * As {@link #parse(JsonNode, String)}, adding each problem to {@code problems} with the field's
     * path after {@code prefix} (e.g. {@code subscriptions[2]}); {@code null} when there were any.
     */
    public static Subscription parse(JsonNode node, String defaultId, String prefix, List<String> problems) {
        int before = problems.size();
        Subscription subscription = new SubscriptionParser(prefix, problems).subscription(node, defaultId);
        return problems.size() > before ? null : subscription;
    }

    private Subscription subscription(JsonNode node, String defaultId) {
        if (!node.isObject()) {
            problem("", "must be an object with id, filter and channel; was " + kind(node));
            return null;
        }
        fields(node, "", FIELDS, "a subscription");
        String id = text(node, "id", false);
        if (id == null) {
            id = defaultId;
            if (id == null) {
                problem("id", "is missing");
            }
        }
        if (id != null && !ID.matcher(id).matches()) {
            problem(
                    "id",
                    "'" + shorten(id) + "' must be 1-64 lower-case letters, digits, '.', '_' or '-', "
                            + "starting with a letter or digit");
        }
        String name = text(node, "name", false);
        boolean enabled = bool(node, "enabled", true);
        JsonNode version = node.get("version");
        if (version != null && !version.isNull() && !(version.canConvertToInt() && version.intValue() >= 0)) {
            problem("version", "must be a whole number (it is assigned by the server and ignored here)");
        }
        AlertFilter filter = filter(node.get("filter"));
        Subscription.ChannelSpec channel = channel(node.get("channel"));
        Schedule schedule = schedule(node.get("schedule"));
        QuietHours quietHours = quietHours(node.get("quietHours"));
        RateLimit rateLimit = rateLimit(node.get("rateLimit"));
        // with problems, parse(...) answers null whatever is built here
        return channel == null
                ? null
                : new Subscription(id, name, enabled, 0, filter, channel, schedule, quietHours, rateLimit);
    }

    private AlertFilter filter(JsonNode node) {
        if (absent(node)) {
            return AlertFilter.ALL;
        }
        if (!object(node, "filter", "{categories, rules, entities, minSeverity, text}")) {
            return AlertFilter.ALL;
        }
        fields(node, "filter", FILTER_FIELDS, "a filter");
        List<String> categories = texts("filter.categories", node.get("categories"), MAX_LIST);
        for (int i = 0; i < categories.size(); i++) {
            if (!CATEGORY.matcher(categories.get(i)).matches()) {
                problem(
                        "filter.categories[" + i + "]",
                        "'" + shorten(categories.get(i))
                                + "' is not a category name (lower-case letters, digits, '-' or '_')");
            }
        }
        List<String> rules = texts("filter.rules", node.get("rules"), MAX_LIST);
        List<String> entities = texts("filter.entities", node.get("entities"), MAX_LIST);
        Severity minSeverity = severity(node.get("minSeverity"), "filter.minSeverity");
        String text = text(node, "text", "filter.text", false);
        return new AlertFilter(categories, rules, entities, minSeverity, text);
    }

    private Subscription.ChannelSpec channel(JsonNode node) {
        if (absent(node)) {
            problem(
                    "channel",
                    "is missing; e.g. {\"type\": \"webhook\", \"url\": \"https://...\", \"secrets\": [...]}");
            return null;
        }
        if (!object(node, "channel", "an object with a type and its settings")) {
            return null;
        }
        String type = text(node, "type", "channel.type", true);
        if (type == null) {
            return null;
        }
        Set<String> settings = CHANNEL_TYPES.get(type);
        if (settings == null) {
            problem(
                    "channel.type",
                    "'" + shorten(type) + "' is not a channel type; expected one of "
                            + String.join(", ", new java.util.TreeSet<>(CHANNEL_TYPES.keySet())));
            return null;
        }
        List<String> allowed = new ArrayList<>();
        allowed.add("type");
        allowed.addAll(new java.util.TreeSet<>(settings));
        fields(node, "channel", allowed, "a " + type + " channel");
        Map<String, Object> out = new LinkedHashMap<>();
        switch (type) {
            case "webhook" -> webhook(node, out);
            case "slack", "teams" -> secretUrl(node, out);
            case "email" -> email(node, out);
            case "file" -> file(node, out);
            default -> {} // terminal: nothing to set
        }
        return new Subscription.ChannelSpec(type, out);
    }

    private void webhook(JsonNode node, Map<String, Object> out) {
        String url = text(node, "url", "channel.url", true);
        if (url != null) {
            if (SecretRef.isReference(url)) {
                problem(
                        "channel.url",
                        "must be a URL; a webhook's URL is not a secret (its secrets sign each message)");
            } else {
                url(url, "channel.url", false);
            }
            out.put("url", url);
        }
        JsonNode secrets = node.get("secrets");
        if (absent(secrets)) {
            problem(
                    "channel.secrets",
                    "is missing: a webhook signs each message with one secret (two while rotating), "
                            + "e.g. [\"${env:WEBHOOK_SECRET}\"]");
        } else {
            List<String> written = texts("channel.secrets", secrets, Integer.MAX_VALUE);
            if (written.isEmpty() && secrets.isArray()) {
                problem("channel.secrets", "must hold one secret (two while rotating)");
            } else if (written.size() > 2) {
                problem(
                        "channel.secrets",
                        "holds " + written.size() + " secrets; at most two are active at once (the new and the old)");
            }
            for (int i = 0; i < written.size(); i++) {
                secret(written.get(i), "channel.secrets[" + i + "]");
            }
            if (written.size() == 2 && written.get(0).equals(written.get(1))) {
                problem("channel.secrets[1]", "is the same as channel.secrets[0]");
            }
            out.put("secrets", written);
        }
        String format = text(node, "format", "channel.format", false);
        if (format != null && !format.equals("raw") && !format.equals("cloudevents")) {
            problem("channel.format", "'" + shorten(format) + "' must be raw or cloudevents");
        }
        out.put("format", format == null ? "raw" : format);
        String timeout = text(node, "timeout", "channel.timeout", false);
        if (timeout != null) {
            Duration span = span(timeout, "channel.timeout", LONGEST_TIMEOUT);
            if (span != null) {
                out.put("timeout", Spans.format(span));
            }
        }
    }

    /** Slack's and Teams' webhook URLs are their secret: a literal URL or a reference to one. */
    private void secretUrl(JsonNode node, Map<String, Object> out) {
        String url = text(node, "url", "channel.url", true);
        if (url == null) {
            return;
        }
        if (SecretRef.isReference(url)) {
            secret(url, "channel.url");
        } else if (url.equals(SecretRef.MASK)) {
            problem("channel.url", SecretRef.problem(url));
        } else {
            url(url, "channel.url", true);
        }
        out.put("url", url);
    }

    private void email(JsonNode node, Map<String, Object> out) {
        JsonNode to = node.get("to");
        if (absent(to)) {
            problem("channel.to", "is missing: the addresses to send to");
        } else {
            List<String> addresses =
                    to.isTextual() ? List.of(to.asText().strip()) : texts("channel.to", to, MAX_RECIPIENTS);
            if (addresses.isEmpty() && to.isArray()) {
                problem("channel.to", "must hold at least one address");
            }
            for (int i = 0; i < addresses.size(); i++) {
                address(addresses.get(i), to.isTextual() ? "channel.to" : "channel.to[" + i + "]", false);
            }
            out.put("to", addresses);
        }
        String from = text(node, "from", "channel.from", true);
        if (from != null) {
            address(from, "channel.from", true);
            out.put("from", from);
        }
        JsonNode smtp = node.get("smtp");
        if (absent(smtp)) {
            problem("channel.smtp", "is missing: {host, port, starttls, username, password}");
            return;
        }
        if (!object(smtp, "channel.smtp", "{host, port, starttls, username, password}")) {
            return;
        }
        fields(smtp, "channel.smtp", SMTP_FIELDS, "the SMTP settings");
        Map<String, Object> server = new LinkedHashMap<>();
        String host = text(smtp, "host", "channel.smtp.host", true);
        if (host != null) {
            if (!HOST.matcher(host).matches()) {
                problem("channel.smtp.host", "'" + shorten(host) + "' is not a host name or address");
            }
            server.put("host", host);
        }
        JsonNode port = smtp.get("port");
        if (absent(port)) {
            server.put("port", 587);
        } else if (!port.canConvertToInt()
                || !port.isIntegralNumber()
                || port.intValue() < 1
                || port.intValue() > 65535) {
            problem("channel.smtp.port", "must be a port number between 1 and 65535; was " + shorten(port.toString()));
        } else {
            server.put("port", port.intValue());
        }
        server.put("starttls", bool(smtp, "starttls", "channel.smtp.starttls", true));
        String username = text(smtp, "username", "channel.smtp.username", false);
        String password = text(smtp, "password", "channel.smtp.password", false);
        if (username != null) {
            server.put("username", username);
        }
        if (password != null) {
            secret(password, "channel.smtp.password");
            server.put("password", password);
        }
        if (username != null && password == null) {
            problem("channel.smtp.password", "is missing: channel.smtp.username is given");
        } else if (username == null && password != null) {
            problem("channel.smtp.username", "is missing: channel.smtp.password is given");
        }
        out.put("smtp", server);
    }

    private void file(JsonNode node, Map<String, Object> out) {
        String path = text(node, "path", "channel.path", true);
        if (path == null) {
            return;
        }
        // only JSON-lines files: a subscription must not be able to append to a script or a config file
        if (!path.endsWith(".jsonl")) {
            problem("channel.path", "'" + shorten(path) + "' must name a JSON-lines file ending in .jsonl");
        }
        try {
            if (java.nio.file.Path.of(path).getFileName() == null) {
                problem("channel.path", "'" + shorten(path) + "' does not name a file");
            }
        } catch (java.nio.file.InvalidPathException e) {
            problem("channel.path", "'" + shorten(path) + "' is not a valid path: " + e.getReason());
        }
        out.put("path", path);
    }

    private Schedule schedule(JsonNode node) {
        if (absent(node)) {
            return Schedule.INSTANT;
        }
        if (!object(node, "schedule", "{\"mode\": \"instant\"} or {\"mode\": \"digest\", \"every\": \"15m\"}")) {
            return Schedule.INSTANT;
        }
        fields(node, "schedule", List.of("mode", "every"), "a schedule");
        String mode = text(node, "mode", "schedule.mode", true);
        String every = text(node, "every", "schedule.every", false);
        if (mode == null) {
            return Schedule.INSTANT;
        }
        if (mode.equals("instant")) {
            if (every != null) {
                problem("schedule.every", "is for digests; an instant schedule sends each alert as it comes");
            }
            return Schedule.INSTANT;
        }
        if (!mode.equals("digest")) {
            problem("schedule.mode", "'" + shorten(mode) + "' must be instant or digest");
            return Schedule.INSTANT;
        }
        if (every == null) {
            problem("schedule.every", "is missing: how often a digest goes out, e.g. 15m");
            return Schedule.INSTANT;
        }
        Duration span = span(every, "schedule.every", LONGEST_SPAN);
        return span == null ? Schedule.INSTANT : new Schedule(Schedule.Mode.DIGEST, span);
    }

    private QuietHours quietHours(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!object(node, "quietHours", "{from, to, zone, except}")) {
            return null;
        }
        fields(node, "quietHours", List.of("from", "to", "zone", "except"), "quiet hours");
        LocalTime from = time(node, "from");
        LocalTime to = time(node, "to");
        ZoneId zone = null;
        String zoneName = text(node, "zone", "quietHours.zone", true);
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                problem(
                        "quietHours.zone",
                        "'" + shorten(zoneName) + "' is not a time zone; use a region such as Europe/Berlin");
            }
        }
        Severity except = severity(node.get("except"), "quietHours.except");
        if (from != null && from.equals(to)) {
            problem("quietHours.to", "must differ from quietHours.from");
            return null;
        }
        return from == null || to == null || zone == null ? null : new QuietHours(from, to, zone, except);
    }

    private LocalTime time(JsonNode node, String field) {
        String written = text(node, field, "quietHours." + field, true);
        if (written == null) {
            return null;
        }
        try {
            if (written.length() != 5) {
                throw new DateTimeParseException("not HH:mm", written, 0);
            }
            return LocalTime.parse(written);
        } catch (DateTimeParseException e) {
            problem("quietHours." + field, "'" + shorten(written) + "' must be a time of day as HH:mm, e.g. 22:00");
            return null;
        }
    }

    private RateLimit rateLimit(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!object(node, "rateLimit", "{\"messages\": 20, \"per\": \"1h\"}")) {
            return null;
        }
        fields(node, "rateLimit", List.of("messages", "per"), "a rate limit");
        JsonNode messages = node.get("messages");
        Integer count = null;
        if (absent(messages)) {
            problem("rateLimit.messages", "is missing: how many messages per period");
        } else if (!messages.isIntegralNumber() || !messages.canConvertToInt() || messages.intValue() < 1) {
            problem("rateLimit.messages", "must be a whole number of at least 1; was " + shorten(messages.toString()));
        } else {
            count = messages.intValue();
        }
        String per = text(node, "per", "rateLimit.per", true);
        Duration span = per == null ? null : span(per, "rateLimit.per", LONGEST_SPAN);
        return count == null || span == null ? null : new RateLimit(count, span);
    }

    // ---- values ----

    private Duration span(String written, String path, Duration longest) {
        Duration span;
        try {
            span = Spans.parse(written);
        } catch (IllegalArgumentException e) {
            problem(path, "must be a span like 30s, 15m, 1h or 1d; was '" + shorten(written) + "'");
            return null;
        }
        if (span.isZero() || span.compareTo(longest) > 0) {
            problem(path, "must be between 1s and " + Spans.format(longest) + "; was '" + shorten(written) + "'");
            return null;
        }
        return span;
    }

    private Severity severity(JsonNode node, String path) {
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            problem(path, "must be low, medium, high or critical; was " + kind(node));
            return null;
        }
        try {
            return Severity.parse(node.asText());
        } catch (IllegalArgumentException e) {
            problem(path, "'" + shorten(node.asText()) + "' must be low, medium, high or critical");
            return null;
        }
    }

    private void secret(String written, String path) {
        String problem = SecretRef.problem(written);
        if (problem != null) {
            problem(path, problem);
        }
    }

    private void url(String url, String path, boolean httpsOnly) {
        if (url.length() > MAX_URL) {
            problem(path, "is longer than " + MAX_URL + " characters");
            return;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            // a Slack or Teams URL is a secret: plain http only to this machine (a test receiver)
            boolean web =
                    scheme.equals("https") || (scheme.equals("http") && (!httpsOnly || isLoopback(uri.getHost())));
            if (!web || uri.getHost() == null) {
                // a Slack or Teams URL is not echoed: a mistyped one may still hold the secret
                problem(
                        path,
                        httpsOnly
                                ? "must be an https URL (http only to localhost)"
                                : "must be an http(s) URL; was '" + shorten(url) + "'");
            } else if (uri.getRawUserInfo() != null) {
                problem(path, "must not hold a user name or password; was '" + scheme + "://…@" + uri.getHost() + "'");
            }
        } catch (URISyntaxException e) {
            problem(path, "must be an " + (httpsOnly ? "https" : "http(s)") + " URL: " + e.getReason());
        }
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    private void address(String written, String path, boolean mayHaveName) {
        var named = NAMED_ADDRESS.matcher(written);
        String address = mayHaveName && named.matches() ? named.group(1).strip() : written;
        if (!ADDRESS.matcher(address).matches() || address.length() > 254) {
            problem(
                    path,
                    "'" + shorten(written) + "' is not an e-mail address"
                            + (mayHaveName ? " (name@example.org or Name <name@example.org>)" : " (name@example.org)"));
        }
    }

    // ---- JSON shapes ----

    private void fields(JsonNode node, String path, List<String> allowed, String what) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problem(
                        path.isEmpty() ? shorten(name) : path + "." + shorten(name),
                        "is not a field of " + what + "; expected "
                                + (allowed.isEmpty() ? "none" : String.join(", ", allowed)));
            }
        }
    }

    private boolean object(JsonNode node, String path, String expected) {
        if (node.isObject()) {
            return true;
        }
        problem(path, "must be " + expected + "; was " + kind(node));
        return false;
    }

    private String text(JsonNode node, String field, boolean required) {
        return text(node, field, field, required);
    }

    /** A non-blank string without control characters, at most {@link #MAX_URL} long; stripped. */
    private String text(JsonNode parent, String field, String path, boolean required) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            if (required) {
                problem(path, "is missing");
            }
            return null;
        }
        return checkedText(node, path);
    }

    private String checkedText(JsonNode node, String path) {
        if (!node.isTextual()) {
            problem(path, "must be a string; was " + kind(node));
            return null;
        }
        String value = node.asText().strip();
        if (value.isEmpty()) {
            problem(path, "must not be empty");
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            problem(path, "must not hold control characters (line breaks, tabs)");
            return null;
        }
        int longest = path.endsWith("url") ? MAX_URL : MAX_TEXT;
        if (value.length() > longest) {
            problem(path, "is longer than " + longest + " characters");
            return null;
        }
        return value;
    }

    private List<String> texts(String path, JsonNode node, int most) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            problem(path, "must be a list of strings; was " + kind(node));
            return List.of();
        }
        if (node.size() > most) {
            problem(path, "holds " + node.size() + " entries; at most " + most + " are allowed");
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String value = checkedText(node.get(i), path + "[" + i + "]");
            if (value != null && !out.add(value)) {
                problem(path + "[" + i + "]", "repeats '" + shorten(value) + "'");
            }
        }
        return List.copyOf(out);
    }

    private boolean bool(JsonNode parent, String field, boolean otherwise) {
        return bool(parent, field, field, otherwise);
    }

    private boolean bool(JsonNode parent, String field, String path, boolean otherwise) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return otherwise;
        }
        if (!node.isBoolean()) {
            problem(path, "must be true or false; was " + kind(node));
            return otherwise;
        }
        return node.booleanValue();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static String kind(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "'" + shorten(node.asText()) + "'";
        }
        return shorten(node.toString());
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "…" : oneLine;
    }

    private void problem(String path, String message) {
        String full = prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "." + path;
        problems.add((full.isEmpty() ? "(subscription)" : full) + " " + message);
    }
}
