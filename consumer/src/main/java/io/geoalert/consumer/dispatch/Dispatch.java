package io.geoalert.consumer.dispatch;

import io.geoalert.consumer.channel.Channel;
import io.geoalert.consumer.channel.ChannelFactory;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.consumer.subscription.SubscriptionRegistry;
import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.geoalert.ops.Service;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to every enabled subscription: follows the {@link SubscriptionRegistry} and runs
 * one {@link SubscriptionDispatcher} per subscription, started when it is added or enabled, started
 * again when it changes, stopped when it is removed or disabled. Changes are applied on a thread of
 * their own, so the registry's listener never waits for a dispatcher to stop. Each subscription shows
 * on {@code /health} as {@code dispatch.<id>} once {@link #bindHealth} is called.
 */
public final class Dispatch implements Service {

    private static final Logger log = LoggerFactory.getLogger(Dispatch.class);

    /** Why a subscription has no dispatcher: it is disabled, or its channel could not be built. */
    private record NotRunning(Subscription subscription, Health.Status status) {}

    /** What a redelivery request came to. */
    public sealed interface Redelivery {
        /** Sent again; the attempt says how it went. */
        record Done(DeliveryAttempt attempt) implements Redelivery {}

        /** No such subscription, or the delivery is not among its recent ones. */
        record NotFound(String field, String message) implements Redelivery {}

        /** The subscription exists but has no channel now (disabled, or its channel cannot be built). */
        record Unavailable(String message) implements Redelivery {}
    }

    private final DispatchSettings settings;
    private final SubscriptionRegistry registry;
    private final ChannelFactory channels;
    private final DispatchMetrics metrics;
    private final Backoff restartBackoff;
    private final Clock clock;
    private final Map<String, SubscriptionDispatcher> running = new ConcurrentHashMap<>();
    private final Map<String, NotRunning> notRunning = new ConcurrentHashMap<>();
    private final Map<String, RecentDeliveries> recent = new ConcurrentHashMap<>();
    private final ExecutorService changes;
    private volatile Map<String, Subscription> known = Map.of();
    private volatile Health health;
    private volatile boolean closed;

    public Dispatch(
            DispatchSettings settings, SubscriptionRegistry registry, ChannelFactory channels, MeterRegistry meters) {
        this(settings, registry, channels, meters, Backoff.LOOP_RESTART, Clock.systemUTC());
    }

    /** With the backoff between restarts of a failed dispatcher loop and the clock of the delivery policy. */
    public Dispatch(
            DispatchSettings settings,
            SubscriptionRegistry registry,
            ChannelFactory channels,
            MeterRegistry meters,
            Backoff restartBackoff,
            Clock clock) {
        this.settings = settings;
        this.registry = registry;
        this.channels = channels;
        this.metrics = new DispatchMetrics(meters);
        this.restartBackoff = restartBackoff;
        this.clock = clock;
        this.changes = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "geoalert-dispatch-changes");
            t.setDaemon(true);
            return t;
        });
        Gauge.builder("geoalert.deliveries.held", this, d -> d.sum(SubscriptionDispatcher::held))
                .description("Alerts held back by quiet hours, digests or rate limits, over all subscriptions")
                .register(meters);
        Gauge.builder("geoalert.deliveries.queued", this, d -> d.sum(SubscriptionDispatcher::queued))
                .description("Alerts released and waiting to be sent, retried or set aside, over all subscriptions")
                .register(meters);
        Gauge.builder("geoalert.delivery.circuits.open", this, d -> d.sum(s -> s.circuitOpen() ? 1 : 0))
                .description("Subscriptions whose destination's circuit is open")
                .register(meters);
    }

    private double sum(java.util.function.ToIntFunction<SubscriptionDispatcher> value) {
        return running.values().stream().mapToInt(value).sum();
    }

    @Override
    public String name() {
        return "dispatch";
    }

    /** Follows the registry: the subscriptions in force now are started on the change thread. */
    @Override
    public void start() {
        registry.subscribe(subscriptions -> {
            if (closed) {
                return; // the registry outlives this engine (a node closes in reverse order)
            }
            Map<String, Subscription> copy = Map.copyOf(subscriptions);
            try {
                changes.execute(() -> apply(copy));
            } catch (RejectedExecutionException e) {
                // closed meanwhile: no dispatcher is to start any more
            }
        });
    }

    /** Shows each subscription as a component {@code dispatch.<id>} of {@code health}. */
    public void bindHealth(Health target) {
        this.health = target;
        running.forEach((id, dispatcher) -> target.register(dispatcher.name(), dispatcher::health));
        notRunning.forEach((id, why) -> target.register(componentOf(id), why::status));
    }

    /** Brings the dispatchers in line with the subscriptions in force. */
    synchronized void apply(Map<String, Subscription> subscriptions) {
        if (closed) {
            return;
        }
        known = subscriptions;
        for (String id : List.copyOf(running.keySet())) {
            Subscription now = subscriptions.get(id);
            SubscriptionDispatcher dispatcher = running.get(id);
            if (now == null || !now.enabled() || !now.equals(dispatcher.subscription())) {
                stop(id, now == null ? "removed" : !now.enabled() ? "disabled" : "changed");
            }
        }
        for (String id : List.copyOf(notRunning.keySet())) {
            Subscription now = subscriptions.get(id);
            if (now == null || !now.equals(notRunning.get(id).subscription())) {
                notRunning.remove(id);
                unregister(componentOf(id));
            }
        }
        new TreeMap<>(subscriptions).forEach((id, subscription) -> {
            if (running.containsKey(id) || notRunning.containsKey(id)) {
                return;
            }
            if (!subscription.enabled()) {
                markNotRunning(subscription, Health.Status.up("subscription " + id + ": disabled"));
                return;
            }
            begin(subscription);
        });
        recent.keySet().retainAll(subscriptions.keySet());
    }

    private void begin(Subscription subscription) {
        String id = subscription.id();
        Channel channel;
        try {
            channel = channels.create(subscription);
        } catch (IllegalArgumentException e) {
            log.warn("subscription {}: not delivering, its channel cannot be built: {}", id, e.getMessage());
            markNotRunning(
                    subscription,
                    Health.Status.down("subscription " + id + ": channel cannot be built: " + e.getMessage()));
            return;
        }
        RecentDeliveries deliveries =
                recent.computeIfAbsent(id, k -> new RecentDeliveries(settings.recentDeliveries()));
        SubscriptionDispatcher dispatcher =
                new SubscriptionDispatcher(settings, subscription, channel, deliveries, metrics, restartBackoff, clock);
        running.put(id, dispatcher);
        Health target = health;
        if (target != null) {
            target.register(dispatcher.name(), dispatcher::health);
        }
        dispatcher.start();
    }

    private void markNotRunning(Subscription subscription, Health.Status status) {
        notRunning.put(subscription.id(), new NotRunning(subscription, status));
        Health target = health;
        if (target != null) {
            target.register(componentOf(subscription.id()), () -> status);
        }
    }

    private void stop(String id, String why) {
        SubscriptionDispatcher dispatcher = running.remove(id);
        if (dispatcher == null) {
            return;
        }
        unregister(dispatcher.name());
        log.info("subscription {}: {}, stopping its delivery", id, why);
        dispatcher.close();
    }

    private void unregister(String component) {
        Health target = health;
        if (target != null) {
            target.unregister(component);
        }
    }

    private static String componentOf(String id) {
        return "dispatch." + id;
    }

    /** The running dispatcher of a subscription. */
    public Optional<SubscriptionDispatcher> dispatcher(String subscriptionId) {
        return Optional.ofNullable(running.get(subscriptionId));
    }

    /** The recent deliveries of a subscription, newest first; empty when there is no such subscription. */
    public Optional<List<DeliveryAttempt>> deliveries(String subscriptionId, int limit) {
        if (!registry.current().containsKey(subscriptionId) && !known.containsKey(subscriptionId)) {
            return Optional.empty();
        }
        RecentDeliveries deliveries = recent.get(subscriptionId);
        return Optional.of(deliveries == null ? List.of() : deliveries.newestFirst(limit));
    }

    /** Sends a recent delivery again through the subscription's channel (same delivery id, a new attempt). */
    public Redelivery redeliver(String subscriptionId, String deliveryId) {
        if (!registry.current().containsKey(subscriptionId) && !known.containsKey(subscriptionId)) {
            return new Redelivery.NotFound("id", "no subscription '" + subscriptionId + "'");
        }
        SubscriptionDispatcher dispatcher = running.get(subscriptionId);
        if (dispatcher == null) {
            NotRunning why = notRunning.get(subscriptionId);
            return new Redelivery.Unavailable("subscription '" + subscriptionId + "' is not delivering now"
                    + (why == null ? "" : ": " + why.status().detail()));
        }
        return dispatcher
                .redeliver(deliveryId)
                .<Redelivery>map(Redelivery.Done::new)
                .orElseGet(() -> new Redelivery.NotFound(
                        "deliveryId",
                        "no delivery '" + deliveryId + "' among the recent ones of subscription '" + subscriptionId
                                + "'"));
    }

    /** UP with a summary; DOWN naming the subscriptions whose delivery is DOWN. */
    @Override
    public Health.Status health() {
        Map<String, Health.Status> components = components();
        List<String> down = new ArrayList<>();
        components.forEach((name, status) -> {
            if (!status.up()) {
                down.add(status.detail());
            }
        });
        if (!down.isEmpty()) {
            return Health.Status.down(String.join("; ", down));
        }
        return Health.Status.up(running.size() + " subscription(s) delivering"
                + (notRunning.isEmpty() ? "" : ", " + notRunning.size() + " not delivering"));
    }

    /** Each subscription's delivery health, by component name {@code dispatch.<id>}. */
    public Map<String, Health.Status> components() {
        Map<String, Health.Status> out = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>(running.keySet());
        ids.addAll(notRunning.keySet());
        ids.stream().sorted().forEach(id -> {
            SubscriptionDispatcher dispatcher = running.get(id);
            if (dispatcher != null) {
                out.put(dispatcher.name(), dispatcher.health());
            } else {
                NotRunning why = notRunning.get(id);
                if (why != null) {
                    out.put(componentOf(id), why.status());
                }
            }
        });
        return out;
    }

    /** Stops every dispatcher (each writes its last delivery records and commits) and the change thread. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        changes.shutdownNow();
        try {
            changes.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Thread> stopping = new ArrayList<>();
        synchronized (this) {
            for (String id : List.copyOf(running.keySet())) {
                // in parallel: each may take seconds to commit and leave its group
                Thread t = new Thread(() -> stop(id, "closing"), "geoalert-dispatch-stop-" + id);
                t.setDaemon(true);
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
