package io.geoalert.producer.source;

import io.geoalert.model.NewsItem;
import io.geoalert.ops.Health;
import io.geoalert.producer.publish.NewsPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls every configured source on its own schedule, on a small pool, so one slow or broken
 * source never stalls the others. Failures back off exponentially with jitter (or as the source
 * asks), a permanent failure disables the source, and items already published are skipped.
 */
public final class FeedScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedScheduler.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    /** What {@code /health} and the metrics say of one source. */
    public static final class State {
        volatile Instant lastSuccess;
        volatile String lastError;
        volatile Instant nextPoll;
        volatile boolean disabled;
        final AtomicInteger failures = new AtomicInteger();

        public Instant lastSuccess() {
            return lastSuccess;
        }

        public String lastError() {
            return lastError;
        }

        public Instant nextPoll() {
            return nextPoll;
        }

        public boolean disabled() {
            return disabled;
        }
    }

    private final List<Source> sources;
    private final NewsPublisher publisher;
    private final SeenItems seen;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, State> states = new LinkedHashMap<>();
    private final ScheduledExecutorService pool;

    public FeedScheduler(List<Source> sources, NewsPublisher publisher, SeenItems seen, MeterRegistry registry, Clock clock) {
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
            registry.gauge("geoalert.feed.last.success", List.of(io.micrometer.core.instrument.Tag.of("feed", source.id())), state,
                    s -> s.lastSuccess == null ? 0 : s.lastSuccess.getEpochSecond());
            registry.gauge("geoalert.feed.next.poll", List.of(io.micrometer.core.instrument.Tag.of("feed", source.id())), state,
                    s -> s.nextPoll == null ? 0 : s.nextPoll.getEpochSecond());
            registry.gauge("geoalert.feed.failures", List.of(io.micrometer.core.instrument.Tag.of("feed", source.id())), state,
                    s -> s.failures.get());
        }
    }

    public void start() {
        for (Source source : sources) {
            // spread first polls a little, so that many feeds do not start in one burst
            schedule(source, Duration.ofMillis(ThreadLocalRandom.current().nextLong(0, 500)));
        }
    }

    private void schedule(Source source, Duration delay) {
        states.get(source.id()).nextPoll = clock.instant().plus(delay);
        pool.schedule(() -> poll(source), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Polls one source now and publishes what is new; returns how many items were published. */
    public int poll(Source source) {
        State state = states.get(source.id());
        if (state.disabled) {
            return 0;
        }
        try {
            List<NewsItem> fresh = new ArrayList<>();
            for (NewsItem item : source.poll()) {
                if (!seen.contains(item.id())) {
                    fresh.add(item);
                }
            }
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (RejectedInput rejected : source.drainRejected()) {
                sends.add(publisher.deadLetter(rejected.raw(), rejected.origin(), rejected.position(), rejected.reason()));
            }
            for (NewsItem item : fresh) {
                sends.add(publisher.publish(item).thenCompose(published -> seen.add(item.id(), source.id())));
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            state.lastSuccess = clock.instant();
            state.lastError = null;
            state.failures.set(0);
            registry.counter("geoalert.feed.items.published", "feed", source.id()).increment(fresh.size());
            registry.counter("geoalert.feed.polls", "feed", source.id(), "outcome", "ok").increment();
            if (!fresh.isEmpty()) {
                log.info("feed {}: {} new item(s)", source.id(), fresh.size());
            }
            reschedule(source, source.interval());
            return fresh.size();
        } catch (SourceException e) {
            state.lastError = e.getMessage();
            registry.counter("geoalert.feed.polls", "feed", source.id(), "outcome", "error").increment();
            if (e.permanent()) {
                state.disabled = true;
                state.nextPoll = null;
                log.warn("feed {} disabled: {}", source.id(), e.getMessage());
                return 0;
            }
            int failures = state.failures.incrementAndGet();
            Duration wait = e.retryAfter().orElseGet(() -> backoff(source.interval(), failures));
            log.warn("feed {} failed ({} in a row), next try in {} s: {}", source.id(), failures, wait.toSeconds(), e.getMessage());
            reschedule(source, wait);
            return 0;
        } catch (Exception e) {
            // Kafka did not take the items: they were not marked seen, so the next poll offers them again
            state.lastError = "publishing failed: " + e;
            registry.counter("geoalert.feed.polls", "feed", source.id(), "outcome", "error").increment();
            log.warn("feed {}: publishing failed, will retry: {}", source.id(), e.toString());
            reschedule(source, backoff(source.interval(), state.failures.incrementAndGet()));
            return 0;
        }
    }

    private void reschedule(Source source, Duration delay) {
        if (!pool.isShutdown()) {
            schedule(source, delay);
        }
    }

    /** Exponential backoff from a tenth of the interval, with ±20% jitter, at most an hour. */
    static Duration backoff(Duration interval, int failures) {
        long base = Math.max(1000, interval.toMillis() / 10);
        long millis = Math.min(MAX_BACKOFF.toMillis(), base << Math.min(20, failures - 1));
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (millis * jitter));
    }

    public Map<String, State> states() {
        return Map.copyOf(states);
    }

    /** DOWN only when every enabled source is failing; the detail names each failing source. */
    public Health.Status health() {
        List<String> failing = new ArrayList<>();
        int healthy = 0;
        for (Map.Entry<String, State> e : states.entrySet()) {
            State s = e.getValue();
            if (s.disabled) {
                failing.add(e.getKey() + " disabled: " + s.lastError);
            } else if (s.lastError != null) {
                failing.add(e.getKey() + ": " + s.lastError);
            } else {
                healthy++;
            }
        }
        String detail = healthy + " of " + states.size() + " feeds healthy" + (failing.isEmpty() ? "" : "; " + String.join("; ", failing));
        return healthy == 0 && !states.isEmpty() && failing.size() == states.size() ? Health.Status.down(detail) : Health.Status.up(detail);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
