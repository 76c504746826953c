package io.geoalert.producer.source;

import io.geoalert.model.NewsItem;
import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.geoalert.producer.publish.NewsPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every configured source on its own schedule, on a small pool, so one slow or broken
 * source never stalls the others. Failures back off exponentially with jitter (or as the source
 * asks), a permanent failure disables the source, and items already published are skipped. An
 * item counts as published (and is marked seen) only once Kafka acknowledged it; a source hears
 * of it through {@link Source#onPublished()}. A poll that throws unexpectedly never ends its
 * source's schedule: the failure is logged, counted, shown DOWN on {@code /health} and retried with backoff.
 */
public final class FeedScheduler implements Service {

    private static final Logger log = LoggerFactory.getLogger(FeedScheduler.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Duration PUBLISH_WAIT = Duration.ofSeconds(60);

    /** What {@code /health} and the metrics say of one source. */
    public static final class State {
        volatile Instant lastSuccess;
        volatile String lastError;
        volatile String unexpected;
        volatile Instant nextPoll;
        volatile boolean disabled;
        final AtomicInteger failures = new AtomicInteger();

        public Instant lastSuccess() {
            return lastSuccess;
        }

        public String lastError() {
            return lastError;
        }

        /** The last unexpected failure (a bug or a broken dependency), until a poll succeeds again. */
        public String unexpected() {
            return unexpected;
        }

        public Instant nextPoll() {
            return nextPoll;
        }

        public boolean disabled() {
            return disabled;
        }

        public int failures() {
            return failures.get();
        }
    }

    private final List<Source> sources;
    private final NewsPublisher publisher;
    private final SeenItems seen;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, State> states = new LinkedHashMap<>();
    /** Items sent but not yet acknowledged: a later poll must not send them again while they are in flight. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService pool;

    public FeedScheduler(
            List<Source> sources, NewsPublisher publisher, SeenItems seen, MeterRegistry registry, Clock clock) {
        this.sources = List.copyOf(sources);
        this.publisher = publisher;
        this.seen = seen;
        this.registry = registry;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newScheduledThreadPool(Math.max(1, Math.min(4, sources.size())), r -> {
            Thread t = new Thread(r, "geoalert-feeds-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (Source source : sources) {
            State state = new State();
            states.put(source.id(), state);
            Gauge.builder(
                            "geoalert.feed.last.success.timestamp",
                            state,
                            s -> s.lastSuccess == null ? 0 : s.lastSuccess.getEpochSecond())
                    .tag("feed", source.id())
                    .baseUnit("seconds")
                    .description("When the feed was last polled successfully (Unix time; 0: never)")
                    .register(registry);
            Gauge.builder(
                            "geoalert.feed.next.poll.timestamp",
                            state,
                            s -> s.nextPoll == null ? 0 : s.nextPoll.getEpochSecond())
                    .tag("feed", source.id())
                    .baseUnit("seconds")
                    .description("When the feed is polled next (Unix time; 0: not scheduled, e.g. disabled)")
                    .register(registry);
            Gauge.builder("geoalert.feed.failures", state, s -> s.failures.get())
                    .tag("feed", source.id())
                    .description("Failed polls of the feed in a row")
                    .register(registry);
        }
    }

    @Override
    public String name() {
        return "feeds";
    }

    @Override
    public void start() {
        for (Source source : sources) {
            // spread first polls a little, so that many feeds do not start in one burst
            schedule(source, Duration.ofMillis(ThreadLocalRandom.current().nextLong(0, 500)));
        }
    }

    private void schedule(Source source, Duration delay) {
        states.get(source.id()).nextPoll = clock.instant().plus(delay);
        var unused = pool.schedule(() -> pollAndReschedule(source), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The scheduled task: it always schedules the next poll, whatever happened in this one. */
    private void pollAndReschedule(Source source) {
        Duration next = null;
        try {
            next = pollOnce(source).next();
        } finally {
            if (next == null && !states.get(source.id()).disabled) {
                // pollOnce itself failed in a way it could not report: keep the schedule alive
                next = backoff(
                        source.interval(),
                        Math.max(1, states.get(source.id()).failures.get()));
            }
            if (next != null) {
                reschedule(source, next);
            }
        }
    }

    /** Polls one source now and publishes what is new; returns how many items were published. */
    public int poll(Source source) {
        return pollOnce(source).published();
    }

    /** What one poll did: how many items it published, and when to poll next (null: never, the source is disabled). */
    private record Outcome(Duration next, int published) {
        static Outcome retryIn(Duration next) {
            return new Outcome(next, 0);
        }
    }

    private Outcome pollOnce(Source source) {
        State state = states.get(source.id());
        if (state.disabled) {
            return Outcome.retryIn(null);
        }
        try {
            int published = publishNew(source);
            state.lastSuccess = clock.instant();
            state.lastError = null;
            if (state.unexpected != null) {
                log.info("feed {} recovered", source.id());
            }
            state.unexpected = null;
            state.failures.set(0);
            polls(source, "ok").increment();
            if (published > 0) {
                log.info("feed {}: {} new item(s)", source.id(), published);
            }
            return new Outcome(source.interval(), published);
        } catch (SourceException | PublishFailedException e) {
            if (pool.isShutdown()) {
                return Outcome.retryIn(null); // closing interrupted the poll: not a failure of the feed
            }
            return failed(source, state, e);
        } catch (Throwable e) { // NOPMD: a scheduled task that throws is cancelled silently, so nothing may escape
            String reason = describe(e);
            state.lastError = "unexpected: " + reason;
            state.unexpected = reason;
            Counter.builder("geoalert.loop.failures")
                    .tag("loop", "feed." + source.id())
                    .description("Unexpected failures of a background loop, each followed by a restart")
                    .register(registry)
                    .increment();
            polls(source, "error").increment();
            int failures = state.failures.incrementAndGet();
            Duration wait = backoff(source.interval(), failures);
            log.error(
                    "feed {}: poll failed unexpectedly ({} in a row), next try in {}: {}",
                    source.id(),
                    failures,
                    human(wait),
                    reason);
            return Outcome.retryIn(wait);
        }
    }

    private Counter polls(Source source, String outcome) {
        return Counter.builder("geoalert.feed.polls")
                .tag("feed", source.id())
                .tag("outcome", outcome)
                .description("Polls of the feed, by outcome (ok, error)")
                .register(registry);
    }

    /** An expected failure: the source's own (HTTP, parsing), or Kafka not taking the items. */
    private Outcome failed(Source source, State state, Exception e) {
        state.lastError = e.getMessage();
        polls(source, "error").increment();
        if (e instanceof SourceException se && se.permanent()) {
            state.disabled = true;
            state.nextPoll = null;
            log.warn("feed {} disabled: {}", source.id(), e.getMessage());
            return Outcome.retryIn(null);
        }
        int failures = state.failures.incrementAndGet();
        // Kafka not taking the items is retried like any failure: they were not marked seen, so the next poll offers
        // them again
        Duration wait = e instanceof SourceException se && se.retryAfter().isPresent()
                ? se.retryAfter().get()
                : backoff(source.interval(), failures);
        log.warn(
                "feed {} failed ({} in a row), next try in {}: {}", source.id(), failures, human(wait), e.getMessage());
        return Outcome.retryIn(wait);
    }

    /** Kafka did not acknowledge everything a poll offered within the wait. */
    private static final class PublishFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private int publishNew(Source source) throws SourceException, PublishFailedException {
        List<NewsItem> fresh = new ArrayList<>();
        for (NewsItem item : source.poll()) {
            if (!seen.contains(item.id()) && !inFlight.contains(item.id())) {
                fresh.add(item);
            }
        }
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (RejectedInput rejected : source.drainRejected()) {
            sends.add(publisher.deadLetter(rejected.raw(), rejected.origin(), rejected.position(), rejected.reason()));
        }
        for (NewsItem item : fresh) {
            if (sends.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
                // Kafka is refusing already: a send may block up to max.block.ms each, so stop and let the next poll
                // retry
                break;
            }
            inFlight.add(item.id());
            CompletableFuture<Void> sent;
            try {
                sent = publisher.publish(item).thenCompose(published -> seen.add(item.id(), source.id()));
            } catch (RuntimeException e) {
                inFlight.remove(item.id());
                throw e;
            }
            var unused = sent.whenComplete((ok, error) -> inFlight.remove(item.id()));
            sends.add(sent);
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(PUBLISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            source.onPublishFailed(e);
            Throwable cause =
                    e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                            ? e.getCause().getCause()
                            : e.getCause();
            throw new PublishFailedException("publishing failed: " + describe(cause), cause);
        } catch (TimeoutException e) {
            source.onPublishFailed(e);
            throw new PublishFailedException(
                    "publishing not acknowledged within " + PUBLISH_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            source.onPublishFailed(e);
            throw new PublishFailedException("interrupted while publishing", e);
        }
        Counter.builder("geoalert.feed.items.published")
                .tag("feed", source.id())
                .description("New items of the feed acknowledged on news.raw")
                .register(registry)
                .increment(fresh.size());
        source.onPublished();
        return fresh.size();
    }

    private static String human(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(10)) < 0 ? wait.toMillis() + " ms" : wait.toSeconds() + " s";
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String message = e.getMessage();
        String text = e.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private void reschedule(Source source, Duration delay) {
        if (!pool.isShutdown()) {
            try {
                schedule(source, delay);
            } catch (RejectedExecutionException closing) {
                // the scheduler is closing
            }
        }
    }

    /** Exponential backoff from a tenth of the interval (at least 1 s), with ±20% jitter, at most an hour. */
    static Duration backoff(Duration interval, int failures) {
        Duration base = Duration.ofMillis(Math.max(1000, interval.toMillis() / 10));
        return new Backoff(base, base.compareTo(MAX_BACKOFF) > 0 ? base : MAX_BACKOFF).delay(failures);
    }

    public Map<String, State> states() {
        return Map.copyOf(states);
    }

    /**
     * DOWN when every enabled source is failing, or when any poll failed unexpectedly (until it
     * succeeds again); the detail names each failing source.
     */
    @Override
    public Health.Status health() {
        List<String> failing = new ArrayList<>();
        int healthy = 0;
        boolean unexpected = false;
        for (Map.Entry<String, State> e : states.entrySet()) {
            State s = e.getValue();
            if (s.disabled) {
                failing.add(e.getKey() + " disabled: " + s.lastError);
            } else if (s.lastError != null) {
                failing.add(e.getKey() + ": " + s.lastError);
                unexpected |= s.unexpected != null;
            } else {
                healthy++;
            }
        }
        String detail = healthy + " of " + states.size() + " feeds healthy"
                + (failing.isEmpty() ? "" : "; " + String.join("; ", failing));
        boolean allFailing = healthy == 0 && !states.isEmpty() && failing.size() == states.size();
        return allFailing || unexpected ? Health.Status.down(detail) : Health.Status.up(detail);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
