package io.geoalert.producer.ingest;

import io.geoalert.http.ApiException;
import io.geoalert.http.HttpRequest;
import io.geoalert.http.HttpResponse;
import io.geoalert.http.Route;
import io.geoalert.model.NewsItem;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.geoalert.producer.publish.NewsPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/news}: validates the whole body, publishes every item, and answers 202 with
 * the ids once Kafka has acknowledged them. When Kafka does not acknowledge within the ack
 * timeout (it is down, or slow) the answer is 503 with {@code Retry-After}: retrying with the
 * same ids is safe, because items are keyed by id and repeats are dropped downstream.
 */
public final class NewsIngestRoute implements Route, Service {

    /** The metrics tag of pushed items: never the item's own {@code source}, which is request text. */
    public static final String ORIGIN = "http";

    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(3);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Duration STALE_REFUSAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(NewsIngestRoute.class);

    private final NewsPublisher publisher;
    private final Duration ackTimeout;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicReference<String> lastRefusal = new AtomicReference<>();
    private volatile long lastRefusalNanos;
    private final AtomicBoolean probing = new AtomicBoolean();
    /**
     * Sends happen here, not on the HTTP worker: {@code KafkaProducer.send} itself blocks (up to
     * {@code max.block.ms}, 60 s) while the broker's metadata is unknown, and the answer must not.
     * One thread keeps requests in order; a bounded queue turns a backlog into 503s.
     */
    private final ThreadPoolExecutor sender =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
                Thread t = new Thread(r, "geoalert-ingest-send");
                t.setDaemon(true);
                return t;
            });

    public NewsIngestRoute(NewsPublisher publisher) {
        this(publisher, DEFAULT_ACK_TIMEOUT);
    }

    public NewsIngestRoute(NewsPublisher publisher, Duration ackTimeout) {
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("http.ingest-timeout must be positive, was " + ackTimeout);
        }
        this.publisher = publisher;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws InterruptedException {
        List<NewsItem> items = NewsPayload.parse(request.body());
        String why = lastRefusal.get();
        boolean kafkaLooksDown = why != null && System.nanoTime() - lastRefusalNanos < RETRY_AFTER.toNanos();
        if (!kafkaLooksDown) {
            return publish(items);
        }
        // while Kafka looks down one request at a time finds out; the others answer at once
        // instead of each holding a worker for the ack timeout and queueing the rest past 5 s
        if (!probing.compareAndSet(false, true)) {
            refused.addAndGet(items.size());
            throw ApiException.unavailable("Kafka is unavailable (" + why + "); retry with the same ids", RETRY_AFTER);
        }
        try {
            return publish(items);
        } finally {
            probing.set(false);
        }
    }

    private HttpResponse publish(List<NewsItem> items) throws InterruptedException {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Future<?> sending;
        try {
            sending = sender.submit(() -> send(items, acknowledged));
        } catch (RejectedExecutionException e) {
            refused(items.size(), "send queue full");
            throw ApiException.unavailable(
                    "Kafka is not accepting items fast enough; retry with the same ids", RETRY_AFTER);
        }
        try {
            acknowledged.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (sending.cancel(false)) { // still queued: the client will retry, so do not send it later
                sender.purge();
            }
            log.warn(
                    "POST /v1/news: Kafka did not acknowledge {} item(s) within {} ms; answered 503",
                    items.size(),
                    ackTimeout.toMillis());
            refused(items.size(), "Kafka did not acknowledge within " + ackTimeout.toMillis() + " ms");
            throw ApiException.unavailable(
                    "Kafka did not acknowledge the items within " + ackTimeout.toMillis()
                            + " ms; retry with the same ids",
                    RETRY_AFTER);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RecordTooLargeException) {
                throw new ApiException(413, null, "an item is larger than Kafka accepts: " + cause.getMessage());
            }
            log.warn("POST /v1/news: Kafka refused {} item(s): {}", items.size(), cause.toString());
            refused(items.size(), "Kafka refused: " + cause.getClass().getSimpleName());
            throw ApiException.unavailable(
                    "Kafka did not accept the items (" + cause.getClass().getSimpleName()
                            + "); retry with the same ids",
                    RETRY_AFTER);
        }
        accepted.addAndGet(items.size());
        lastRefusal.set(null);
        return HttpResponse.json(
                202,
                Map.of(
                        "accepted",
                        items.size(),
                        "ids",
                        items.stream().map(NewsItem::id).toList()));
    }

    private void send(List<NewsItem> items, CompletableFuture<Void> acknowledged) {
        try {
            CompletableFuture<?>[] sends =
                    items.stream().map(item -> publisher.publish(item, ORIGIN)).toArray(CompletableFuture[]::new);
            var unused = CompletableFuture.allOf(sends).whenComplete((done, error) -> {
                if (error != null) {
                    acknowledged.completeExceptionally(
                            error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                                    ? error.getCause()
                                    : error);
                } else {
                    acknowledged.complete(null);
                }
            });
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
    }

    private void refused(int items, String why) {
        refused.addAndGet(items);
        lastRefusalNanos = System.nanoTime();
        lastRefusal.set(why);
    }

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public void start() {
        sender.prestartCoreThread();
    }

    /**
     * DOWN when the last request, within the past minute, was refused for want of Kafka, so a load
     * balancer can steer clients away; a later success or a quiet minute clears it.
     */
    @Override
    public Health.Status health() {
        String why = lastRefusal.get();
        if (why != null && System.nanoTime() - lastRefusalNanos > STALE_REFUSAL.toNanos()) {
            why = null;
        }
        String counts = accepted.get() + " item(s) accepted, " + refused.get() + " refused with 503";
        return why == null
                ? Health.Status.up("POST /v1/news: " + counts)
                : Health.Status.down("POST /v1/news answers 503 (" + why + "); " + counts);
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
