package io.geoalert.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a background loop on its own daemon thread and keeps it running: when the body throws,
 * the failure is logged in one line, counted ({@code geoalert.loop.failures}), shown on
 * {@code /health} as DOWN with the reason, and the body is started again after a backoff.
 * A body that returns while the loop is not closing is restarted the same way, so no loop ends unseen.
 */
public final class SupervisedLoop implements AutoCloseable {

    /** The work of a loop. It should run until {@link Control#running()} turns false. */
    @FunctionalInterface
    public interface Body {
        void run(Control control) throws Exception;
    }

    /** What a running body may ask of its supervisor. */
    public interface Control {
        /** False once the loop is closing: the body should return. */
        boolean running();

        /** Reports progress: the loop is healthy again after a failure (called after each good round). */
        void healthy();
    }

    private static final Logger log = LoggerFactory.getLogger(SupervisedLoop.class);

    private final String name;
    private final Body body;
    private final Backoff backoff;
    private final Clock clock;
    private final Counter failures;
    private final Counter restarts;
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private final AtomicReference<Instant> failedAt = new AtomicReference<>();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object sleeper = new Object();
    private volatile boolean running = true;
    private volatile boolean started;
    private final Thread thread;

    public SupervisedLoop(String name, Body body, Backoff backoff, MeterRegistry registry, Clock clock) {
        this.name = name;
        this.body = body;
        this.backoff = backoff;
        this.clock = clock;
        this.failures = Counter.builder("geoalert.loop.failures")
                .tag("loop", name)
                .description("Unexpected failures of a background loop, each followed by a restart")
                .register(registry);
        this.restarts = Counter.builder("geoalert.loop.restarts")
                .tag("loop", name)
                .description("Restarts of a background loop after it failed or ended")
                .register(registry);
        this.thread = new Thread(this::supervise, "geoalert-" + name);
        this.thread.setDaemon(true);
    }

    public SupervisedLoop(String name, Body body, MeterRegistry registry) {
        this(name, body, Backoff.LOOP_RESTART, registry, Clock.systemUTC());
    }

    /** Starts the loop's thread; returns at once. */
    public SupervisedLoop start() {
        started = true;
        thread.start();
        return this;
    }

    public String name() {
        return name;
    }

    /** UP while the body runs without failing; DOWN with the last failure until it reports {@code healthy()} again. */
    public Health.Status health() {
        String failure = lastFailure.get();
        if (!started) {
            return Health.Status.down(name + " not started");
        }
        if (!running) {
            return Health.Status.down(name + " stopped");
        }
        if (failure != null) {
            return Health.Status.down(name + " failed " + consecutiveFailures.get() + " time(s) in a row, last at "
                    + failedAt.get() + ": " + failure + "; restarting with backoff");
        }
        return Health.Status.up(name + " running");
    }

    /** How many times the body failed without a healthy round in between. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    private void supervise() {
        try {
            Control control = new Control() {
                @Override
                public boolean running() {
                    return running;
                }

                @Override
                public void healthy() {
                    if (lastFailure.getAndSet(null) != null) {
                        log.info("loop {} recovered after {} failure(s)", name, consecutiveFailures.get());
                    }
                    consecutiveFailures.set(0);
                }
            };
            while (running) {
                String outcome;
                try {
                    body.run(control);
                    if (!running) {
                        return;
                    }
                    outcome = "ended unexpectedly";
                } catch (InterruptedException e) {
                    if (!running) {
                        return;
                    }
                    outcome = "interrupted";
                } catch (VirtualMachineError e) {
                    throw e; // out of memory or a broken JVM: nothing a restart can mend
                } catch (Exception | Error e) {
                    if (!running) {
                        return; // closing often surfaces as an exception from a client being closed
                    }
                    outcome = describe(e);
                }
                int attempt = consecutiveFailures.incrementAndGet();
                lastFailure.set(outcome);
                failedAt.set(clock.instant());
                failures.increment();
                Duration wait = backoff.delay(attempt);
                log.warn(
                        "loop {} failed ({} in a row): {}; restarting in {} ms",
                        name,
                        attempt,
                        outcome,
                        wait.toMillis());
                if (!pause(wait)) {
                    return;
                }
                restarts.increment();
            }
        } finally {
            stopped.countDown();
        }
    }

    private boolean pause(Duration wait) {
        synchronized (sleeper) {
            long until = System.nanoTime() + wait.toNanos();
            while (running) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(sleeper, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** Asks the body to stop and waits up to {@code timeout} for it; the caller wakes a blocked body (e.g. {@code consumer.wakeup()}) first. */
    public boolean stop(Duration timeout) {
        running = false;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        if (!started) {
            return true;
        }
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (!stop(Duration.ofSeconds(10))) {
            log.warn("loop {} did not stop within 10 s; interrupting it", name);
            thread.interrupt();
        }
    }
}
