package io.geoalert.app;

import io.geoalert.consumer.channel.Channels;
import io.geoalert.consumer.delivery.AlertDeliveryService;
import io.geoalert.consumer.delivery.AlertSink;
import io.geoalert.consumer.delivery.ConsoleSink;
import io.geoalert.consumer.delivery.JsonLinesFileSink;
import io.geoalert.consumer.dispatch.DeliveryRoutes;
import io.geoalert.consumer.dispatch.Dispatch;
import io.geoalert.consumer.dispatch.DispatchSettings;
import io.geoalert.consumer.subscription.SubscriptionRegistry;
import io.geoalert.consumer.subscription.SubscriptionsFollower;
import io.geoalert.consumer.subscription.SubscriptionsRoutes;
import io.geoalert.consumer.subscription.SubscriptionsTopic;
import io.geoalert.http.HttpApi;
import io.geoalert.kafka.ConsumerGroupLag;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Topics;
import io.geoalert.ops.Backoff;
import io.geoalert.ops.Health;
import io.geoalert.ops.Metrics;
import io.geoalert.ops.Service;
import io.geoalert.producer.ingest.NewsIngestRoute;
import io.geoalert.producer.publish.NewsPublisher;
import io.geoalert.producer.source.FeedScheduler;
import io.geoalert.producer.source.SeenItems;
import io.geoalert.streams.service.StreamsService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running geoalert process: the services its {@link NodeSettings} ask for, wired to one
 * metrics registry, one health view and one HTTP server. Closing stops them in reverse order.
 */
public final class GeoalertNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GeoalertNode.class);
    /** How often the lag of the node's consumer groups is read from the broker. */
    private static final Duration LAG_REFRESH = Duration.ofSeconds(15);

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final PrometheusMeterRegistry registry = Metrics.newRegistry();
    private final Health health = new Health();
    private final Clock clock;
    private HttpApi http;
    private NewsPublisher publisher;
    private StreamsService streams;
    private SubscriptionsFollower subscriptions;
    private Dispatch dispatch;

    private GeoalertNode(Clock clock) {
        this.clock = clock;
    }

    /** Starts every configured service and the HTTP server; on failure, stops what had started. */
    public static GeoalertNode start(NodeSettings settings, Clock clock) throws IOException {
        GeoalertNode node = new GeoalertNode(clock);
        try {
            node.startServices(settings);
            return node;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void startServices(NodeSettings settings) throws IOException {
        List<String> created = TopicSetup.ensure(
                settings.kafka(), TopicSetup.pipelineTopics(settings.partitions(), Topics.DEFAULT_CATEGORIES));
        if (!created.isEmpty()) {
            log.info("created topics {}", new java.util.TreeSet<>(created));
        }
        http = new HttpApi(settings.http(), registry);
        // bound now, so that the port is known when streams announces it to the other instances
        String advertised = settings.http().advertisedAddress(http.bind());
        Admin admin = settings.kafka()
                .admin(Map.of(
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        3000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        3000));
        closeables.push(admin);
        health.register("kafka", new KafkaHealth(admin, settings.bootstrapServers()));
        ConsumerGroupLag lag = new ConsumerGroupLag(admin, registry, LAG_REFRESH);
        closeables.push(lag);
        settings.streams().ifPresent(s -> lag.watch(s.applicationId()));
        settings.consumer().ifPresent(c -> lag.watch(c.groupId()));

        if (settings.producer().isPresent()) {
            publisher = run(new NewsPublisher(settings.producer().get(), registry, clock));
            http.post("/v1/news", run(new NewsIngestRoute(publisher)));
            if (!settings.feeds().isEmpty()) {
                SeenItems seen = run(new SeenItems(settings.kafka(), 200_000, registry));
                run(new FeedScheduler(settings.feeds(), publisher, seen, registry, clock));
                log.info(
                        "polling {} feed(s): {}",
                        settings.feeds().size(),
                        settings.feeds().stream().map(s -> s.id()).toList());
            }
        }
        if (settings.streams().isPresent()) {
            streams = run(new StreamsService(
                    settings.streams().get(), HostInfo.buildFromEndpoint(advertised), registry, clock));
            streams.rulesRoutes().bind(http);
            streams.queryRoutes(
                            Optional.ofNullable(settings.http().token()),
                            settings.http().peers())
                    .bind(http);
            health.register("rules", streams::rulesHealth);
        }
        if (settings.consumer().isPresent()) {
            startConsumer(settings);
        }
        http.get("/metrics", request -> Metrics.scrape(registry));
        http.get("/health", request -> health.respond());
        http.get("/health/live", request -> health.respondLive());
        http.get("/health/ready", request -> health.respondReady());
        http.start(); // logs where it listens and who may call it
    }

    private void startConsumer(NodeSettings settings) throws IOException {
        List<AlertSink> sinks = new ArrayList<>();
        if (settings.console()) {
            sinks.add(new ConsoleSink(System.out, System.console() != null));
        }
        if (settings.alertsFile().isPresent()) {
            sinks.add(new JsonLinesFileSink(settings.alertsFile().get()));
        }
        run(new AlertDeliveryService(settings.consumer().get(), sinks, registry));
        startSubscriptions(settings);
    }

    /** The subscriptions in force: the config file's, overlaid by geoalert.subscriptions, and their routes. */
    private void startSubscriptions(NodeSettings settings) {
        SubscriptionsFollower follower =
                new SubscriptionsFollower(settings.kafka(), settings.subscriptions(), registry, clock);
        try {
            follower.catchUp(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            follower.close();
            throw e;
        }
        subscriptions = run(follower);
        SubscriptionsTopic topic = new SubscriptionsTopic(settings.kafka(), clock);
        closeables.push(topic);
        new SubscriptionsRoutes(topic, follower).bind(http);
        log.info(
                "{} subscription(s) in force ({} in the config file)",
                follower.current().size(),
                settings.subscriptions().size());
        if (settings.dispatch().isPresent()) {
            startDispatch(settings.dispatch().get(), follower);
        }
    }

    /**
     * Delivery to the subscriptions in force, following their changes: one dispatcher each, its
     * health on {@code /health} as {@code dispatch.<id>}, its recent deliveries over HTTP.
     */
    private void startDispatch(DispatchSettings settings, SubscriptionsFollower follower) {
        Dispatch engine = new Dispatch(settings, follower, Channels.standard(), registry, Backoff.LOOP_RESTART, clock);
        engine.bindHealth(health);
        dispatch = run(engine);
        new DeliveryRoutes(engine).bind(http);
    }

    /** Starts a service, shows its health under its name, and closes it with the node (in reverse order). */
    private <S extends Service> S run(S service) {
        closeables.push(service);
        service.start();
        health.register(service.name(), service::health);
        return service;
    }

    public int httpPort() {
        return http.port();
    }

    public Health health() {
        return health;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The news publisher, when this node runs the producer. */
    public Optional<NewsPublisher> publisher() {
        return Optional.ofNullable(publisher);
    }

    /** The subscriptions in force, when this node runs the consumer. */
    public Optional<SubscriptionRegistry> subscriptions() {
        return Optional.ofNullable(subscriptions);
    }

    /** Delivery to subscriptions, when this node runs the consumer. */
    public Optional<Dispatch> dispatch() {
        return Optional.ofNullable(dispatch);
    }

    /** The streams service, when this node runs it. */
    public Optional<StreamsService> streams() {
        return Optional.ofNullable(streams);
    }

    @Override
    public void close() {
        health.stopping(); // /health/live and /health/ready answer 503 from now on
        if (http != null) {
            http.close(); // no more requests to the services stopping below
        }
        while (!closeables.isEmpty()) {
            AutoCloseable next = closeables.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly: {}", next.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
