package io.geoalert.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a geoalert process (the JDK's own server). Services add their routes;
 * the server adds access control, the body-size cap, JSON errors and the bounds that keep it
 * answering: API routes run on a bounded pool with a bounded queue (503 when full),
 * {@code /health}, {@code /health/live}, {@code /health/ready} and {@code /metrics} on a pool of their own that a blocked ingest cannot
 * starve, and a client that sends its body too slowly is cut off.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    /**
     * The JDK server reads request lines and headers on its executor's threads before any route
     * is known, so a client trickling headers holds a thread; these cap how many and how long.
     */
    private static final int CONNECTION_THREADS = 128;
    /** The most of a refused body read and dropped before answering (Tomcat's equivalent is 2 MiB). */
    private static final long DRAIN_BYTES = 4L << 20;

    private static final String JDK_MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
    private static final String JDK_MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";

    static {
        // read once per JVM by the JDK server; an operator's -D value wins
        setIfAbsent(JDK_MAX_REQUEST_SECONDS, "30");
        setIfAbsent(JDK_MAX_RESPONSE_SECONDS, "60");
        // small JSON answers otherwise wait out the client's delayed ACK (~40 ms each)
        setIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    private final HttpSettings settings;
    private final AccessControl access;
    private final MeterRegistry registry;
    private final Counter busy;
    private final Counter slowClients;
    private final List<Binding> bindings = new ArrayList<>();
    private HttpServer server;
    private ThreadPoolExecutor connections;
    private ThreadPoolExecutor workers;
    private ThreadPoolExecutor ops;
    private ScheduledThreadPoolExecutor watchdog;

    private record Binding(String method, String template, String[] segments, Route route) {
        Map<String, String> match(String method, String[] path) {
            if (!this.method.equals(method) || segments.length != path.length) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String t = segments[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    params.put(t.substring(1, t.length() - 1), path[i]);
                } else if (!t.equals(path[i])) {
                    return null;
                }
            }
            return params;
        }
    }

    /** A request admitted to a route: where it goes and with which path parameters. */
    private record Admitted(Binding binding, String path, Map<String, String> params) {
        boolean operational() {
            return AccessControl.isHealth(path) || path.equals("/metrics");
        }
    }

    public HttpApi(HttpSettings settings) {
        this(settings, new SimpleMeterRegistry());
    }

    public HttpApi(HttpSettings settings, MeterRegistry registry) {
        this.settings = settings;
        this.access = new AccessControl(settings);
        this.registry = registry;
        this.busy = Counter.builder("geoalert.http.rejected")
                .tag("reason", "busy")
                .description("Requests refused with 503 because every worker was busy and the queue full")
                .register(registry);
        this.slowClients = Counter.builder("geoalert.http.rejected")
                .tag("reason", "slow-client")
                .description(
                        "Connections closed because the request body or response did not move within the read timeout")
                .register(registry);
    }

    public HttpApi get(String pathTemplate, Route route) {
        return bind("GET", pathTemplate, route);
    }

    /** A route that changes state. */
    public HttpApi post(String pathTemplate, Route route) {
        return bind("POST", pathTemplate, route);
    }

    public HttpApi put(String pathTemplate, Route route) {
        return bind("PUT", pathTemplate, route);
    }

    public HttpApi delete(String pathTemplate, Route route) {
        return bind("DELETE", pathTemplate, route);
    }

    private synchronized HttpApi bind(String method, String pathTemplate, Route route) {
        bindings.add(new Binding(method, pathTemplate, segments(pathTemplate), route));
        return this;
    }

    /**
     * Binds the port without serving yet, so that its number is known (when configured as 0) before the
     * services that announce it start; connections wait in the backlog until {@link #start()}.
     */
    public synchronized int bind() throws IOException {
        if (server == null) {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
        }
        return port();
    }

    /** Starts listening; returns this for chaining. */
    public synchronized HttpApi start() throws IOException {
        bind();
        connections = new ThreadPoolExecutor(
                1, CONNECTION_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), daemons("geoalert-http-conn-"));
        workers = new ThreadPoolExecutor(
                settings.workers(),
                settings.workers(),
                0,
                TimeUnit.SECONDS,
                queue(settings.queue()),
                daemons("geoalert-http-"));
        ops = new ThreadPoolExecutor(
                2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), daemons("geoalert-http-ops-"));
        watchdog = new ScheduledThreadPoolExecutor(1, daemons("geoalert-http-watchdog-"));
        watchdog.setRemoveOnCancelPolicy(true);
        server.createContext("/", this::dispatch);
        server.setExecutor(connections);
        server.start();
        logStart();
        return this;
    }

    private void logStart() {
        String where = settings.host() + ":" + port();
        if (settings.token() == null && settings.loopbackOnly()) {
            log.info(
                    "HTTP listening on {} (loopback only: no token set; set GEOALERT_HTTP_TOKEN to serve other machines)",
                    where);
        } else if (settings.token() == null) {
            log.warn(
                    "HTTP listening on {} with NO token: anyone who can reach this address can post news and read alerts;"
                            + " set GEOALERT_HTTP_TOKEN",
                    where);
        } else {
            log.info(
                    "HTTP listening on {} (bearer token required on every route but /health{}{})",
                    where,
                    settings.publicMetrics() ? " and /metrics" : "",
                    settings.adminToken() == null ? "" : "; rule and subscription changes need the admin token");
        }
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Runs on a connection thread: checks the request and reads its body (bounded by the read
     * timeout, so a slow client holds an I/O thread, never a worker), then hands it to a pool.
     */
    private void dispatch(HttpExchange exchange) {
        Admitted admitted;
        byte[] body;
        try {
            admitted = admit(exchange);
            body = readBody(exchange);
        } catch (SlowClientException e) {
            slowClients.increment();
            log.warn(
                    "http {} {}: {}; connection closed",
                    knownMethod(exchange.getRequestMethod()),
                    abbreviate(exchange.getRequestURI().getRawPath()),
                    e.getMessage());
            count("unmatched", exchange.getRequestMethod(), 408);
            exchange.close();
            return;
        } catch (ApiException e) {
            swallow(exchange);
            respond(exchange, "unmatched", errorWithChallenge(e));
            return;
        } catch (IOException e) {
            log.debug("http request not read: {}", e.toString());
            exchange.close();
            return;
        } catch (RuntimeException e) {
            log.error("http {} refused by a bug: {}", exchange.getRequestMethod(), e.toString(), e);
            respond(
                    exchange,
                    "unmatched",
                    HttpResponse.error(
                            500, null, "internal error: " + e.getClass().getSimpleName()));
            return;
        }
        ExecutorService pool = admitted.operational() ? ops : workers;
        try {
            pool.execute(() -> handle(exchange, admitted, body));
        } catch (RejectedExecutionException e) {
            busy.increment();
            respond(
                    exchange,
                    admitted.binding().template(),
                    HttpResponse.error(ApiException.unavailable(
                            "server busy: every worker is taken; retry shortly", Duration.ofSeconds(1))));
        }
    }

    private Admitted admit(HttpExchange exchange) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String[] path = decodedSegments(exchange.getRequestURI().getRawPath());
        String decodedPath = "/" + String.join("/", path);
        Headers headers = exchange.getRequestHeaders();
        if (settings.loopbackOnly()) {
            Optional<ApiException> wrongHost = AccessControl.checkLoopbackHost(headers.getFirst("Host"));
            if (wrongHost.isPresent()) {
                throw wrongHost.get();
            }
        }
        Optional<ApiException> refused =
                access.check(access.level(method, decodedPath), headers.getFirst("Authorization"));
        if (refused.isPresent()) {
            throw refused.get();
        }
        boolean pathKnown = false;
        for (Binding binding : snapshot()) {
            Map<String, String> params = binding.match(method, path);
            if (params == null) {
                pathKnown |= binding.match(binding.method(), path) != null;
                continue;
            }
            checkContent(method, headers);
            return new Admitted(binding, decodedPath, params);
        }
        throw pathKnown
                ? new ApiException(405, null, method + " is not allowed on " + decodedPath)
                : new ApiException(404, null, "no route " + decodedPath);
    }

    /**
     * Writes must say they are JSON: a browser form cannot send {@code application/json}
     * across sites without a CORS preflight, which this server never grants.
     */
    private void checkContent(String method, Headers headers) {
        String declared = headers.getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(null, "Content-Length is not a number");
            }
        }
        boolean hasBody = length > 0 || headers.containsKey("Transfer-Encoding");
        if (method.equals("POST") || method.equals("PUT") || (hasBody && !method.equals("GET"))) {
            String type = headers.getFirst("Content-Type");
            if (!JsonContentType.accepts(type)) {
                throw new ApiException(
                        415,
                        "Content-Type",
                        "send 'Content-Type: application/json' (or application/x-ndjson "
                                + "for JSON lines), UTF-8; was "
                                + (type == null ? "missing" : "'" + abbreviate(type) + "'"));
            }
        }
        if (length > settings.maxBodyBytes()) {
            throw new ApiException(413, null, "request body is larger than " + settings.maxBodyBytes() + " bytes");
        }
    }

    /** Runs on a worker: runs the route and answers. */
    private void handle(HttpExchange exchange, Admitted admitted, byte[] body) {
        HttpResponse response;
        try {
            HttpRequest request = new HttpRequest(
                    exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    admitted.path(),
                    HttpRequest.parseQuery(exchange.getRequestURI().getRawQuery()),
                    admitted.params(),
                    exchange.getRequestHeaders(),
                    body);
            response = admitted.binding().route().handle(request);
        } catch (ApiException e) {
            response = HttpResponse.error(e);
        } catch (Exception | StackOverflowError e) {
            log.error("http {} {} failed: {}", exchange.getRequestMethod(), admitted.path(), e.toString(), e);
            response = HttpResponse.error(
                    500, null, "internal error: " + e.getClass().getSimpleName());
        }
        respond(exchange, admitted.binding().template(), response);
    }

    /**
     * Reads and drops what is left of a refused request's body (up to {@link #DRAIN_BYTES}, within the
     * read deadline) before answering: a client still sending when the answer comes may see the
     * connection reset and never read the 401, 413 or 415.
     */
    private void swallow(HttpExchange exchange) {
        Deadline deadline = new Deadline(exchange);
        try {
            InputStream in = exchange.getRequestBody();
            byte[] buffer = new byte[64 * 1024];
            long left = DRAIN_BYTES;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            log.debug("http body of a refused request not drained: {}", e.toString());
        } finally {
            deadline.cancel();
        }
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        int max = settings.maxBodyBytes();
        Deadline deadline = new Deadline(exchange);
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new ApiException(413, null, "request body is larger than " + max + " bytes");
            }
            return body;
        } catch (IOException e) {
            if (deadline.expired()) {
                throw new SlowClientException("request body not received within "
                        + settings.readTimeout().toMillis() + " ms");
            }
            throw e;
        } finally {
            deadline.cancel();
        }
    }

    private void respond(HttpExchange exchange, String route, HttpResponse response) {
        count(route, exchange.getRequestMethod(), response.status());
        Deadline deadline = watchdog == null ? null : new Deadline(exchange);
        try {
            byte[] body = response.body();
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Type", response.contentType());
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Cache-Control", "no-store");
            response.headers().forEach(headers::set);
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client went away or was too slow to read: nothing to answer to
            log.debug("http response not delivered: {}", e.toString());
        } finally {
            if (deadline != null) {
                deadline.cancel();
            }
            exchange.close();
        }
    }

    private void count(String route, String method, int status) {
        Counter.builder("geoalert.http.requests")
                .description("HTTP requests answered, by route template and status")
                .tag("route", route)
                .tag("method", knownMethod(method))
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
    }

    private static String knownMethod(String method) {
        String m = method.toUpperCase(Locale.ROOT);
        return switch (m) {
            case "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH" -> m;
            default -> "other"; // the method is client text: never a tag of its own
        };
    }

    private HttpResponse errorWithChallenge(ApiException e) {
        HttpResponse response = HttpResponse.error(e);
        return e.status() == 401 ? response.withHeader("WWW-Authenticate", "Bearer") : response;
    }

    private synchronized List<Binding> snapshot() {
        return List.copyOf(bindings);
    }

    /** Closes the exchange if a read or write has not finished within the read timeout. */
    private final class Deadline {
        private final AtomicBoolean expired = new AtomicBoolean();
        private final ScheduledFuture<?> task;

        Deadline(HttpExchange exchange) {
            this.task = watchdog.schedule(
                    () -> {
                        expired.set(true);
                        exchange.close(); // unblocks the worker's read or write with an IOException
                    },
                    settings.readTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        boolean expired() {
            return expired.get();
        }

        void cancel() {
            task.cancel(false);
        }
    }

    private static final class SlowClientException extends IOException {
        private static final long serialVersionUID = 1L;

        SlowClientException(String message) {
            super(message);
        }
    }

    private static String[] decodedSegments(String rawPath) {
        String[] raw = segments(rawPath == null ? "" : rawPath);
        String[] out = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = HttpRequest.decode(raw[i], false, "path");
        }
        return out;
    }

    private static String[] segments(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static BlockingQueue<Runnable> queue(int capacity) {
        return capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger threads = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (workers != null) { // started, not only bound
            workers.shutdownNow();
            ops.shutdownNow();
            connections.shutdownNow();
            watchdog.shutdownNow();
            workers = null;
        }
    }
}
