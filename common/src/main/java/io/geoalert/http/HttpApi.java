package io.geoalert.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one HTTP server of a geoalert process (the JDK's own server). Services add their
 * routes; the server adds bearer-token checks on write routes, the body-size cap, and JSON errors.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final HttpSettings settings;
    private final List<Binding> bindings = new ArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    private record Binding(String method, String[] template, boolean write, Route route) {
        Map<String, String> match(String method, String[] path) {
            if (!this.method.equals(method) || template.length != path.length) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < template.length; i++) {
                String t = template[i];
                if (t.startsWith("{") && t.endsWith("}")) {
                    params.put(t.substring(1, t.length() - 1), path[i]);
                } else if (!t.equals(path[i])) {
                    return null;
                }
            }
            return params;
        }
    }

    public HttpApi(HttpSettings settings) {
        this.settings = settings;
    }

    public HttpApi get(String pathTemplate, Route route) {
        return bind("GET", pathTemplate, false, route);
    }

    /** A route that changes state: needs the bearer token when one is configured. */
    public HttpApi post(String pathTemplate, Route route) {
        return bind("POST", pathTemplate, true, route);
    }

    public HttpApi put(String pathTemplate, Route route) {
        return bind("PUT", pathTemplate, true, route);
    }

    public HttpApi delete(String pathTemplate, Route route) {
        return bind("DELETE", pathTemplate, true, route);
    }

    private synchronized HttpApi bind(String method, String pathTemplate, boolean write, Route route) {
        bindings.add(new Binding(method, segments(pathTemplate), write, route));
        return this;
    }

    /** Starts listening; returns this for chaining. */
    public synchronized HttpApi start() throws IOException {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "geoalert-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
        return this;
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        HttpResponse response;
        try {
            response = route(exchange);
        } catch (ApiException e) {
            response = HttpResponse.error(e.status(), e.field(), e.getMessage());
        } catch (Exception e) {
            log.error("http {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString(), e);
            response = HttpResponse.error(500, null, "internal error: " + e.getClass().getSimpleName());
        }
        send(exchange, response);
    }

    private HttpResponse route(HttpExchange exchange) throws Exception {
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String[] path = segments(exchange.getRequestURI().getPath());
        boolean pathKnown = false;
        for (Binding binding : List.copyOf(bindings)) {
            Map<String, String> params = binding.match(method, path);
            if (params == null) {
                pathKnown |= binding.match(binding.method(), path) != null;
                continue;
            }
            if (binding.write() && !authorised(exchange)) {
                return HttpResponse.error(401, null, "missing or wrong 'Authorization: Bearer <token>'");
            }
            byte[] body = readBody(exchange);
            HttpRequest request = new HttpRequest(method, exchange.getRequestURI().getPath(),
                    HttpRequest.parseQuery(exchange.getRequestURI().getRawQuery()), params,
                    exchange.getRequestHeaders(), body);
            return binding.route().handle(request);
        }
        return pathKnown
                ? HttpResponse.error(405, null, method + " is not allowed on " + exchange.getRequestURI().getPath())
                : HttpResponse.error(404, null, "no route " + exchange.getRequestURI().getPath());
    }

    private boolean authorised(HttpExchange exchange) {
        if (settings.token() == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Bearer " + settings.token();
        return header != null && MessageDigest.isEqual(
                header.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        int max = settings.maxBodyBytes();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > max) {
                    throw new ApiException(413, null, "request body is larger than " + max + " bytes");
                }
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(null, "Content-Length is not a number");
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new ApiException(413, null, "request body is larger than " + max + " bytes");
            }
            return body;
        }
    }

    private static void send(HttpExchange exchange, HttpResponse response) throws IOException {
        byte[] body = response.body();
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } finally {
            exchange.close();
        }
    }

    private static String[] segments(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/+");
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }
}
