package io.geoalert.consumer.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.geoalert.consumer.channel.WebhookSignature;
import io.geoalert.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A webhook receiver on a real JDK HTTP server: answers each POST as the test's responder says and
 * records every message it accepted (2xx), with its alert ids, in order of arrival. A receiver
 * {@link #signed} checks {@code X-Geoalert-Signature} on every request, as the README tells
 * integrators to, and counts those that fail; like a real receiver it dedupes by
 * {@code Idempotency-Key} (see {@link #keyCounts}).
 */
final class Receiver implements AutoCloseable {

    /** How the receiver answers a message. */
    record Answer(int status, String body, Map<String, String> headers) {
        static final Answer OK = new Answer(200, "{\"ok\":true}", Map.of());

        static Answer of(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    /** A message as received. */
    record Message(
            List<String> alertIds,
            boolean digest,
            String deliveryId,
            String idempotencyKey,
            int attempt,
            long receivedNanos) {}

    static {
        // small answers otherwise wait out the client's delayed ACK (~40 ms each); read once per JVM
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final String secret;
    private volatile Function<Message, Answer> responder = m -> Answer.OK;
    private volatile long delayMillis;
    private final List<Message> accepted = new ArrayList<>();
    private int refusedCount;
    private int checkedSignatures;
    private int invalidSignatures;
    private int wrongKeys;

    /** A receiver that checks no signature (for a channel that sends none). */
    Receiver() throws IOException {
        this(null);
    }

    /** A receiver that checks every request's signature against the tests' webhook secret. */
    static Receiver signed() throws IOException {
        return new Receiver(DispatchFixture.SECRET);
    }

    private Receiver(String secret) throws IOException {
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/hook", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    void respond(Function<Message, Answer> answer) {
        this.responder = answer;
    }

    /** Each message takes this long to answer, so a test can stop a sender mid-way. */
    void delay(long millis) {
        this.delayMillis = millis;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        JsonNode tree = Json.MAPPER.readTree(body);
        List<String> ids = new ArrayList<>();
        boolean digest = tree.has("alerts");
        if (digest) {
            tree.get("alerts").forEach(a -> ids.add(a.get("alertId").asText()));
        } else {
            ids.add(tree.get("alertId").asText());
        }
        String attempt = exchange.getRequestHeaders().getFirst("X-Test-Attempt");
        String deliveryId = exchange.getRequestHeaders().getFirst("X-Geoalert-Delivery");
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        Message message = new Message(
                ids, digest, deliveryId, key, attempt == null ? 0 : Integer.parseInt(attempt), System.nanoTime());
        Answer answer = responder.apply(message);
        synchronized (this) {
            if (secret != null) {
                checkedSignatures++;
                String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
                if (!WebhookSignature.verify(
                        signature, body, secret, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE)) {
                    invalidSignatures++;
                }
                // an instant message is keyed by its alert, a digest by the message itself
                if (key == null || !key.equals(digest ? deliveryId : ids.get(0))) {
                    wrongKeys++;
                }
            }
            if (answer.status() >= 200 && answer.status() < 300) {
                // taken as soon as it is read, as a receiver that processes before answering would
                accepted.add(message);
            } else {
                refusedCount++;
            }
        }
        long delay = delayMillis;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
        } catch (IOException e) {
            // the sender went away (killed mid-delivery): the message was taken all the same
        }
    }

    synchronized List<Message> accepted() {
        return List.copyOf(accepted);
    }

    synchronized int refused() {
        return refusedCount;
    }

    /** Requests whose signature was checked (every request, on a {@link #signed} receiver). */
    synchronized int checkedSignatures() {
        return checkedSignatures;
    }

    /** Requests whose {@code X-Geoalert-Signature} was missing, malformed, stale or wrong. */
    synchronized int invalidSignatures() {
        return invalidSignatures;
    }

    /** Requests whose {@code Idempotency-Key} was not the alert id (instant) or the delivery id (digest). */
    synchronized int wrongKeys() {
        return wrongKeys;
    }

    /** Fails unless this signed receiver got requests, each signed with the secret and keyed as the README says. */
    synchronized void assertEverySignatureValid() {
        if (secret == null) {
            throw new IllegalStateException("this receiver checks no signatures");
        }
        if (checkedSignatures == 0 || invalidSignatures > 0 || wrongKeys > 0) {
            throw new AssertionError("of " + checkedSignatures + " request(s), " + invalidSignatures
                    + " had an invalid signature and " + wrongKeys + " a wrong Idempotency-Key");
        }
    }

    /** How many times each {@code Idempotency-Key} was accepted: what a receiver that dedupes by it sees. */
    synchronized Map<String, Integer> keyCounts() {
        Map<String, Integer> counts = new HashMap<>();
        accepted.forEach(m -> counts.merge(String.valueOf(m.idempotencyKey()), 1, Integer::sum));
        return counts;
    }

    /** How many times each alert id was accepted. */
    synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new HashMap<>();
        accepted.forEach(m -> m.alertIds().forEach(id -> counts.merge(id, 1, Integer::sum)));
        return counts;
    }

    /** Waits until {@code n} distinct alert ids were accepted, failing with what arrived after {@code millis}. */
    void awaitDistinct(int n, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (counts().size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " distinct alerts within " + millis + " ms, got "
                        + counts().size() + " in " + accepted().size() + " message(s)");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
