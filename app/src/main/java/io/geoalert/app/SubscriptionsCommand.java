package io.geoalert.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.geoalert.changes.RejectedRecord;
import io.geoalert.consumer.channel.Channel;
import io.geoalert.consumer.channel.ChannelFactory;
import io.geoalert.consumer.channel.Delivery;
import io.geoalert.consumer.channel.Outcome;
import io.geoalert.consumer.subscription.InvalidSubscriptionException;
import io.geoalert.consumer.subscription.Subscription;
import io.geoalert.consumer.subscription.SubscriptionJson;
import io.geoalert.consumer.subscription.SubscriptionParser;
import io.geoalert.consumer.subscription.SubscriptionRecord;
import io.geoalert.consumer.subscription.Subscriptions;
import io.geoalert.consumer.subscription.SubscriptionsFollower;
import io.geoalert.consumer.subscription.SubscriptionsTopic;
import io.geoalert.consumer.subscription.TestAlert;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.model.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code geoalert subscriptions list|add|remove|test}: the subscriptions in force on a cluster
 * (those of {@code --config}, when given, overlaid by {@code geoalert.subscriptions}), changed
 * through the topic, which every consumer follows without restart.
 */
@Command(
        name = "subscriptions",
        mixinStandardHelpOptions = true,
        description = "List, add, remove and test subscriptions: who gets which alerts, and how.",
        subcommands = {
            SubscriptionsCommand.ListCommand.class,
            SubscriptionsCommand.Add.class,
            SubscriptionsCommand.Remove.class,
            SubscriptionsCommand.Send.class
        })
final class SubscriptionsCommand implements Runnable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every subcommand shares: the cluster, and the config file whose subscriptions are the base. */
    static final class Target {
        @Mixin
        ClusterOptions cluster;

        @Mixin
        ConfigOptions config;

        KafkaClients kafka() throws IOException {
            return cluster.clients(cluster.resolve(), config.kafkaProperties());
        }

        /** The subscriptions in force as a consumer with this config file has them; the caller closes it. */
        SubscriptionsFollower inForce(KafkaClients kafka) throws IOException {
            try (SubscriptionsTopic topic = new SubscriptionsTopic(kafka, Clock.systemUTC())) {
                topic.ensure();
            }
            SubscriptionsFollower follower = new SubscriptionsFollower(
                    kafka, config.subscriptions(), new SimpleMeterRegistry(), Clock.systemUTC());
            try {
                follower.catchUp(READ_TIMEOUT);
            } catch (RuntimeException e) {
                follower.close();
                throw e;
            }
            return follower;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "The subscriptions in force (secrets masked), and the records of geoalert.subscriptions refused.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Option(names = "--json", description = "Print them as JSON, as GET /v1/subscriptions answers.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (SubscriptionsFollower follower = target.inForce(target.kafka())) {
                List<Subscription> all = follower.current().values().stream()
                        .sorted(java.util.Comparator.comparing(Subscription::id))
                        .toList();
                List<RejectedRecord> rejected = follower.rejected();
                if (json) {
                    Map<String, Object> body = new java.util.LinkedHashMap<>();
                    body.put(
                            "subscriptions",
                            all.stream()
                                    .map(s -> SubscriptionJson.writeWithVersion(Subscriptions.masked(s)))
                                    .toList());
                    body.put("rejected", rejected);
                    out.println(Json.toString(body));
                    out.flush();
                    return 0;
                }
                for (Subscription s : all) {
                    out.println(line(s));
                }
                out.printf("%d subscription(s) in force%n", all.size());
                for (RejectedRecord r : rejected) {
                    out.printf("refused record %s at offset %d: %s%n", r.key(), r.offset(), r.reason());
                }
                out.flush();
            }
            return 0;
        }

        /** One line: id, version, state, channel, what it takes, when it sends; secrets masked. */
        static String line(Subscription s) {
            JsonNode written = SubscriptionJson.write(Subscriptions.masked(s));
            JsonNode filter = written.get("filter");
            return String.format(
                    "%-24s v%-3d %-8s %s  filter %s  schedule %s",
                    s.id(),
                    s.version(),
                    s.enabled() ? "enabled" : "disabled",
                    Json.toString(written.get("channel")),
                    filter == null ? "{all alerts}" : Json.toString(filter),
                    Json.toString(written.get("schedule")));
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Validate subscriptions from a file (JSON or YAML: one subscription, a list, or a 'subscriptions:' list)"
                        + " and write them to geoalert.subscriptions; running consumers follow without restart.",
                "A subscription with an id in force is replaced. Nothing is written when any has a problem."
            })
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Parameters(paramLabel = "FILE", description = "Subscription file (JSON or YAML).")
        Path file;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("subscriptions add: no such file " + file);
            }
            List<Subscription> read;
            try {
                read = read(Files.readAllBytes(file));
            } catch (InvalidSubscriptionException e) {
                e.problems().forEach(p -> err.println(file + ": " + p));
                err.printf(
                        "geoalert subscriptions add: %s has %d problem(s); nothing written%n",
                        file, e.problems().size());
                err.flush();
                return 1;
            }
            KafkaClients kafka = target.kafka();
            try (SubscriptionsFollower follower = target.inForce(kafka);
                    SubscriptionsTopic topic = new SubscriptionsTopic(kafka, Clock.systemUTC())) {
                Map<String, SubscriptionRecord> latest = topic.readAll(READ_TIMEOUT);
                for (Subscription s : read) {
                    boolean replaced = follower.current().containsKey(s.id());
                    int version =
                            Math.max(SubscriptionsTopic.nextVersion(s.id(), latest), follower.versionOf(s.id()) + 1);
                    SubscriptionRecord written = topic.put(s, version);
                    out.printf(
                            "%s %s v%d (%s)%n",
                            replaced ? "replaced" : "added",
                            written.id(),
                            written.version(),
                            s.channel().type());
                }
            }
            out.flush();
            return 0;
        }

        /** One subscription, a list of them, or a map with a {@code subscriptions:} list; every problem at once. */
        static List<Subscription> read(byte[] text) {
            JsonNode tree = SubscriptionParser.yaml(text);
            String prefix = "";
            if (tree.isObject() && tree.size() == 1 && tree.has("subscriptions")) {
                tree = tree.get("subscriptions");
                prefix = "subscriptions";
            }
            if (!tree.isArray()) {
                return List.of(SubscriptionParser.parse(tree));
            }
            List<String> problems = new ArrayList<>();
            List<Subscription> out = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < tree.size(); i++) {
                String key = prefix + "[" + i + "]";
                Subscription s = SubscriptionParser.parse(tree.get(i), null, key, problems);
                if (s == null) {
                    continue;
                }
                Integer first = seen.putIfAbsent(s.id(), i);
                if (first != null) {
                    problems.add(key + ".id '" + s.id() + "' is already used by " + prefix + "[" + first + "]");
                }
                out.add(s);
            }
            if (!problems.isEmpty()) {
                throw new InvalidSubscriptionException(problems);
            }
            if (out.isEmpty()) {
                throw new InvalidSubscriptionException(List.of("(document) holds no subscription"));
            }
            return out;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Write a deletion marker for a subscription to geoalert.subscriptions; it stays deleted, "
                    + "even one of a consumer's config file (pass that file with --config to name it).")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Parameters(paramLabel = "ID", description = "Subscription id.")
        String id;

        @Override
        public Integer call() throws IOException {
            KafkaClients kafka = target.kafka();
            try (SubscriptionsFollower follower = target.inForce(kafka);
                    SubscriptionsTopic topic = new SubscriptionsTopic(kafka, Clock.systemUTC())) {
                if (!follower.current().containsKey(id)) {
                    spec.commandLine()
                            .getErr()
                            .printf(
                                    "geoalert subscriptions remove: no subscription '%s' in force%s%n",
                                    id,
                                    target.config.file == null
                                            ? " on geoalert.subscriptions (one in a consumer's config file: pass that"
                                                    + " file with --config)"
                                            : "");
                    spec.commandLine().getErr().flush();
                    return 1;
                }
                int version = Math.max(
                        SubscriptionsTopic.nextVersion(id, topic.readAll(READ_TIMEOUT)), follower.versionOf(id) + 1);
                SubscriptionRecord written = topic.delete(id, version);
                spec.commandLine().getOut().printf("removed %s (v%d)%n", written.id(), written.version());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description =
                    "Send a clearly marked test alert through a subscription's real channel and print the outcome."
                            + " Exit 0 when the destination took it, 1 otherwise.")
    static final class Send implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Parameters(paramLabel = "ID", description = "Subscription id.")
        String id;

        private final ChannelFactory channels;

        /** As picocli builds it: with the real channels. */
        Send() {
            this(null);
        }

        /** With the channels {@code channels} builds (tests). */
        Send(ChannelFactory channels) {
            this.channels = channels;
        }

        private ChannelFactory channels() {
            if (channels != null) {
                return channels;
            }
            return io.geoalert.consumer.channel.Channels.standard();
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Subscription subscription;
            try (SubscriptionsFollower follower = target.inForce(target.kafka())) {
                subscription = follower.current().get(id);
            }
            if (subscription == null) {
                spec.commandLine().getErr().printf("geoalert subscriptions test: no subscription '%s' in force%n", id);
                spec.commandLine().getErr().flush();
                return 1;
            }
            Delivery delivery =
                    TestAlert.delivery(subscription, Clock.systemUTC().instant());
            Outcome outcome;
            long started = System.nanoTime();
            Channel channel;
            try {
                channel = channels().create(subscription);
            } catch (IllegalArgumentException e) {
                // a secret reference that does not resolve here, say: bad settings, named by the factory
                spec.commandLine()
                        .getErr()
                        .printf("geoalert subscriptions test: %s: cannot build the channel: %s%n", id, e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
            try (channel) {
                outcome = channel.send(delivery);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            out.printf(
                    "test alert %s to %s (%s%s): %s in %d ms%n",
                    delivery.alerts().get(0).alertId(),
                    id,
                    subscription.channel().type(),
                    subscription.enabled() ? "" : ", subscription disabled",
                    describe(outcome),
                    millis);
            out.flush();
            return outcome instanceof Outcome.Sent ? 0 : 1;
        }

        static String describe(Outcome outcome) {
            String status = outcome.status() == 0 ? "" : " (status " + outcome.status() + ")";
            if (outcome instanceof Outcome.Sent) {
                return "sent" + status;
            }
            if (outcome instanceof Outcome.Retry retry) {
                return "not sent, worth retrying" + status + ": " + retry.error()
                        + (retry.after() == null
                                ? ""
                                : "; the destination asks to wait "
                                        + retry.after().toSeconds() + " s");
            }
            Outcome.Refused refused = (Outcome.Refused) outcome;
            return "refused" + status + ": " + refused.error();
        }
    }
}
