package io.geoalert.app.bench;

import io.geoalert.broker.EmbeddedKafkaBroker;
import io.geoalert.kafka.KafkaClients;
import io.geoalert.kafka.TopicSetup;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsPartitions;
import io.geoalert.model.Topics;
import io.geoalert.ops.Metrics;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.service.Guarantees;
import io.geoalert.streams.service.StreamsService;
import io.geoalert.streams.service.StreamsSettings;
import io.geoalert.streams.topology.GeoalertTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.HostInfo;

/**
 * One benchmark run on an embedded broker of its own: after a warm-up that lasts until the JIT has
 * settled, the full pipeline, ingest-to-alert latency at a steady rate under exactly-once, plain Kafka and
 * a Kafka Streams application that only copies (the floor) on the same generated news, then latency under
 * at-least-once. The pipeline is measured first, while the JIT's code is the pipeline's, and its latency
 * next; plain Kafka, the floor and the at-least-once pipeline each have a warm-up of their own. Each throughput pass also gives the process's CPU time per item.
 *
 * <p><b>When the pipeline has processed the last item.</b> When both (a) the streams application's
 * committed offsets on {@code news.raw} reach the end of the topic, so every item was read and its
 * results committed (under exactly-once a commit is the transaction that makes its output visible), and
 * (b) a {@code read_committed} reader of {@code alerts} has seen an alert of every item the rules fire
 * on (the generator makes every item a story of its own, so each such item raises first alerts of its
 * own). Offsets are polled every 10 ms; the alerts are timed as they arrive.
 */
public final class PipelineBenchmark {

    /** The plain Kafka pass's topic, with the partitions of {@code news.raw}. */
    static final String PLAIN_TOPIC = "bench.plain";

    /** The streams application's id, followed by the run's tag: a broker kept between runs has each run's apart. */
    static final String APPLICATION_ID = "geoalert-bench";

    private static final long SEED = 20_261_130L;
    /** The key of the one record that shows the floor application running before its pass is timed. */
    private static final String PROBE = "floor-probe";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** The warm-up ends when the JIT compiler takes less than this share of a core (see {@code warmUp}). */
    private static final double SETTLED_JIT_SHARE = 0.15;
    /** At most this many unmeasured passes before plain Kafka's and the floor's measured ones. */
    private static final int UNMEASURED_ROUNDS = 10;

    private final BenchSettings settings;
    private final Progress progress;
    /**
     * Begins every item id and the application id: on a broker that outlives the run, a later run's items
     * are not repeats of this one's (the repeat filter would drop them) and its pipeline starts afresh.
     */
    private final String tag;

    public PipelineBenchmark(BenchSettings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
        this.tag = Long.toString(System.currentTimeMillis(), Character.MAX_RADIX);
    }

    /** Generated items, serialised, and which of them the rules fire on. */
    private record Batch(List<NewsItem> items, List<byte[]> values, Set<String> alerting, long bytes) {}

    /** Runs the benchmark with its broker and state under {@code dir}. */
    public BenchReport run(Path dir) throws Exception {
        if (settings.bootstrapServers().isPresent()) {
            KafkaClients kafka = KafkaClients.of(settings.bootstrapServers().get());
            try {
                return run(kafka, dir);
            } finally {
                removeRunState(kafka);
            }
        }
        progress.start("starting an embedded Kafka broker");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, settings.partitions())) {
            return run(KafkaClients.of(broker.bootstrapServers()), dir);
        }
    }

    private String applicationId() {
        return APPLICATION_ID + "-" + tag;
    }

    /**
     * On a broker that outlives the run, removes what only this run's applications used: the pipeline's
     * repartition and changelog topics, the floor's input and output topics, and both consumer groups. The
     * shared topics ({@code news.raw}, the alert topics,
     * {@code bench.plain}) and what was written to them stay.
     */
    private void removeRunState(KafkaClients kafka) {
        progress.start("removing the run's application topics and group");
        try (Admin admin = kafka.admin(Map.of())) {
            List<String> internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(applicationId() + "-"))
                    .toList();
            admin.deleteTopics(internal).all().get(30, TimeUnit.SECONDS);
            List<String> groups = List.of(applicationId(), applicationId() + "-floor");
            for (var deletion :
                    admin.deleteConsumerGroups(groups).deletedGroups().entrySet()) {
                try {
                    deletion.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // a run that failed before the floor started has no floor group
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                }
            }
            progress.done(internal.size() + " topics and the groups " + groups);
        } catch (ExecutionException | TimeoutException e) {
            progress.done("not done, " + (e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private BenchReport run(KafkaClients kafka, Path dir) throws Exception {
        NewsGenerator generator = new NewsGenerator(SEED, settings.rules());
        Path rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, generator.ruleFile(), StandardCharsets.UTF_8);
        RulePack pack = RulePack.load(rulesFile);
        RuleMatcher matcher = RuleMatcher.compile(pack);
        Set<String> categories = new TreeSet<>(Topics.DEFAULT_CATEGORIES);
        categories.addAll(pack.categories());
        List<NewTopic> topics = new ArrayList<>(TopicSetup.pipelineTopics(settings.partitions(), categories));
        topics.add(new NewTopic(PLAIN_TOPIC, Optional.of(settings.partitions()), Optional.empty()));
        requirePartitions(kafka);
        TopicSetup.ensure(kafka, topics);

        try (Admin admin = kafka.admin(Map.of());
                KafkaProducer<String, byte[]> producer = producer(kafka);
                AlertWatch alerts = new AlertWatch(kafka)) {
            Passes passes = new Passes(kafka, admin, producer, alerts, generator, matcher);
            passes.startAtTheEnd();
            StreamsService streams = passes.startStreams(dir, pack, rulesFile, StreamsConfig.EXACTLY_ONCE_V2);
            Batch measured;
            Throughput pipeline;
            BenchReport.WarmUp warmup;
            Latency exactlyOnce;
            try {
                warmup = passes.warmUp("eos", settings.warmup());
                // measured while the JIT's code is the pipeline's; the passes with less to compile come after
                measured = passes.batch("pipe-", settings.items());
                pipeline = passes.pipeline(measured, "pipeline, exactly_once_v2");
                exactlyOnce = passes.latency("eos-", "latency, exactly_once_v2");
            } finally {
                streams.close();
            }
            // with no pipeline open, whose stores' compactions and punctuators would count in their CPU
            Rate plain = passes.plainKafka();
            Rate floor = passes.streamsFloor(dir);
            streams = passes.startStreams(dir, pack, rulesFile, StreamsConfig.AT_LEAST_ONCE);
            BenchReport.WarmUp atLeastOnceWarmup;
            Latency atLeastOnce;
            try {
                // at-least-once runs other paths (no transactions): the JIT compiles them before the pass
                atLeastOnceWarmup = passes.warmUp("alo", settings.warmup() / 5);
                atLeastOnce = passes.latency("alo-", "latency, at_least_once");
            } finally {
                streams.close();
            }
            double ratio = share(pipeline.rate().itemsPerSec(), plain.itemsPerSec());
            return new BenchReport(
                    plain.itemsPerSec(),
                    pipeline.rate().itemsPerSec(),
                    ratio,
                    floor.itemsPerSec(),
                    share(floor.itemsPerSec(), plain.itemsPerSec()),
                    new BenchReport.PerPass(
                            plain.cpuMicrosPerItem(),
                            floor.cpuMicrosPerItem(),
                            pipeline.rate().cpuMicrosPerItem()),
                    new BenchReport.PerPass(
                            plain.jitShare(), floor.jitShare(), pipeline.rate().jitShare()),
                    exactlyOnce.toAlert(),
                    atLeastOnce.toAlert(),
                    BenchReport.targets(ratio, exactlyOnce.toAlert(), atLeastOnce.toAlert()),
                    settings.items(),
                    warmup,
                    atLeastOnceWarmup,
                    settings.rate(),
                    settings.latencySeconds(),
                    settings.rules(),
                    pack.rules().size() - settings.rules(),
                    settings.partitions(),
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    settings.streamsProperties(),
                    (int) (measured.bytes() / measured.items().size()),
                    share(measured.alerting().size(), measured.items().size()),
                    settings.items(),
                    pipeline.processed(),
                    measured.alerting().size(),
                    alerts.updates(),
                    pipeline.time(),
                    exactlyOnce.toStory(),
                    atLeastOnce.toStory());
        }
    }

    /**
     * Items go to partitions as {@code --partitions} says: topics an earlier run left must agree, and are
     * asked before any is made, so that a refused run leaves nothing behind.
     */
    private void requirePartitions(KafkaClients kafka) throws Exception {
        try (Admin admin = kafka.admin(Map.of())) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> existing = Stream.of(Topics.NEWS_RAW, PLAIN_TOPIC)
                    .filter(names::contains)
                    .toList();
            if (existing.isEmpty()) {
                return;
            }
            var described = admin.describeTopics(existing).allTopicNames().get(30, TimeUnit.SECONDS);
            for (String topic : existing) {
                int found = described.get(topic).partitions().size();
                if (found != settings.partitions()) {
                    throw new IllegalArgumentException("bench --partitions is " + settings.partitions() + ", but "
                            + topic + " at " + kafka.bootstrapServers() + " has " + found + " partitions");
                }
            }
        }
    }

    /** The producer of the ingest path ({@code NewsPublisher}'s settings), for plain Kafka and pipeline alike. */
    private static KafkaProducer<String, byte[]> producer(KafkaClients kafka) {
        return kafka.producer(
                Map.of(
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** A latency pass: ingest to alert, and its first part, ingest until the story stage raised the alert. */
    private record Latency(LatencySummary toAlert, LatencySummary toStory) {}

    /**
     * A pipeline pass: its rate, how many items the pipeline committed as processed, and where the stream
     * threads' time went meanwhile.
     */
    private record Throughput(Rate rate, long processed, StreamThreadTime time) {}

    /**
     * A pass's items per second, the process's CPU time per item meanwhile, and the share of a core the
     * JIT compiler took ({@link ProcessCpu}).
     */
    private record Rate(long itemsPerSec, double cpuMicrosPerItem, double jitShare) {}

    /** One round of a pass that is repeated until the JIT has settled. */
    @FunctionalInterface
    private interface Round {
        Rate run(int round) throws Exception;
    }

    /** How many rounds {@code settle} ran, and the last one's rate. */
    private record Settled(int rounds, Rate last) {}

    /** The start of a timed pass: the wall clock, the process's CPU time and the JIT's compiling time. */
    private record PassStart(long micros, long cpuNanos, long jitMillis) {
        static PassStart now() {
            return new PassStart(Micros.now(), ProcessCpu.cpuNanos(), ProcessCpu.jitMillis());
        }

        /** The pass's rate, had its {@code items} all been processed at {@code endMicros}. */
        Rate rate(int items, long endMicros) {
            long wallMicros = Math.max(1, endMicros - micros);
            double cpu = (ProcessCpu.cpuNanos() - cpuNanos) / 1_000.0 / Math.max(1, items);
            double jit = (ProcessCpu.jitMillis() - jitMillis) * 1_000.0 / wallMicros;
            return new Rate(perSecond(items, wallMicros), Math.round(cpu * 10) / 10.0, Math.round(jit * 1000) / 1000.0);
        }
    }

    /** The passes of one run, sharing its clients. */
    private final class Passes {
        private final KafkaClients kafka;
        private final Admin admin;
        private final KafkaProducer<String, byte[]> producer;
        private final AlertWatch alerts;
        private final NewsGenerator generator;
        private final RuleMatcher matcher;
        private MeterRegistry registry;

        Passes(
                KafkaClients kafka,
                Admin admin,
                KafkaProducer<String, byte[]> producer,
                AlertWatch alerts,
                NewsGenerator generator,
                RuleMatcher matcher) {
            this.kafka = kafka;
            this.admin = admin;
            this.producer = producer;
            this.alerts = alerts;
            this.generator = generator;
            this.matcher = matcher;
        }

        /** Items made and serialised before any clock starts, as a feed's would be before publishing. */
        Batch batch(String prefix, int count) {
            List<NewsItem> items = new ArrayList<>(count);
            List<byte[]> values = new ArrayList<>(count);
            Set<String> alerting = new HashSet<>();
            long bytes = 0;
            Instant now = Instant.now();
            for (int i = 0; i < count; i++) {
                NewsItem item = generator.next(tag + "-" + prefix, now);
                byte[] value = Json.toBytes(item);
                items.add(item);
                values.add(value);
                bytes += value.length;
                if (!matcher.match(item).hits().isEmpty()) {
                    alerting.add(item.id());
                }
            }
            return new Batch(items, values, alerting, bytes);
        }

        /**
         * The run's application begins at the end of the topics it reads, {@code news.raw} and {@code alerts}
         * (for the alerts view): on a broker that outlives runs, an earlier run's items and alerts are not
         * this one's work, and the generator's items (the same each run) would otherwise meet their earlier
         * copies as one story.
         */
        void startAtTheEnd() throws Exception {
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            for (String topic : List.of(Topics.NEWS_RAW, Topics.ALERTS)) {
                endOffsets(partitions(topic)).forEach((p, offset) -> end.put(p, new OffsetAndMetadata(offset)));
            }
            admin.alterConsumerGroupOffsets(applicationId(), end).all().get(30, TimeUnit.SECONDS);
        }

        /** The streams service as {@code geoalert streams} runs it, with the given guarantee, once RUNNING. */
        StreamsService startStreams(Path dir, RulePack pack, Path rulesFile, String guarantee)
                throws IOException, InterruptedException {
            progress.start("starting the pipeline (" + guarantee + ")");
            registry = Metrics.newRegistry();
            StreamsService streams = new StreamsService(
                    streamsSettings(applicationId(), dir.resolve("streams"), Optional.of(rulesFile), guarantee),
                    // no HTTP server: nobody asks this instance for its part of a query
                    new HostInfo("localhost", 0),
                    registry,
                    Clock.systemUTC());
            try {
                streams.start();
                long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
                while (streams.state() != KafkaStreams.State.RUNNING) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the pipeline was not RUNNING within "
                                + START_TIMEOUT.toSeconds() + " s: " + streams.state());
                    }
                    Thread.sleep(20);
                }
                // one alerting item through every stage: the partitions are assigned and the tasks are running
                Batch probe = batch("probe-" + guarantee + "-", 1);
                while (probe.alerting().isEmpty()) {
                    probe = batch("probe-" + guarantee + "-", 1);
                }
                send(probe);
                alerts.awaitAll(probe.alerting(), START_TIMEOUT, progress, "starting the pipeline (" + guarantee + ")");
            } catch (Exception | Error e) {
                // a service left open keeps its threads, and on a kept broker its group could not be removed
                streams.close();
                throw e;
            }
            progress.done("RUNNING (" + pack.rules().size() + " rules)");
            return streams;
        }

        /**
         * Warms the JIT with items through the pipeline in rounds of a fifth of {@code minimum}, until at
         * least {@code minimum} items went through and the JIT compiler settled (see {@link #settle}), or
         * about ten times {@code minimum} went through. The broker, the clients, Kafka Streams and the
         * pipeline share this JVM, and on two cores the JIT compiles their hot paths for half a minute or
         * more: a pass measured before then measures the compiler as much as the pipeline.
         */
        BenchReport.WarmUp warmUp(String name, int minimum) throws Exception {
            if (minimum == 0) {
                return new BenchReport.WarmUp(0, 0);
            }
            int size = Math.max(1, minimum / 5);
            int rounds = (minimum + size - 1) / size;
            Settled settled = settle(
                    round -> pipeline(batch("warm-" + name + round + "-", size), "warm-up (JIT) through the pipeline")
                            .rate(),
                    rounds,
                    rounds * 10);
            int sent = settled.rounds() * size;
            double share = settled.last().jitShare();
            progress.start("warm-up (JIT)");
            progress.done(String.format(
                    Locale.ROOT, "%,d items, the JIT compiling %.0f%% of a core at the end", sent, share * 100));
            return new BenchReport.WarmUp(sent, share);
        }

        /**
         * Runs {@code round} at least {@code minimum} times, then until the JIT compiler took less than
         * {@link #SETTLED_JIT_SHARE} of a core in each of the last two rounds, and {@code most} times at most.
         */
        private Settled settle(Round round, int minimum, int most) throws Exception {
            int rounds = 0;
            int calm = 0;
            Rate last;
            do {
                last = round.run(rounds);
                rounds++;
                calm = last.jitShare() < SETTLED_JIT_SHARE ? calm + 1 : 0;
            } while (rounds < most && (rounds < minimum || calm < 2));
            return new Settled(rounds, last);
        }

        /** The settings of {@code geoalert streams} on one thread, with the given guarantee and the run's overrides. */
        private StreamsSettings streamsSettings(String id, Path stateDir, Optional<Path> rules, String guarantee) {
            return new StreamsSettings(
                            kafka,
                            id,
                            stateDir,
                            1,
                            settings.partitions(),
                            rules,
                            new LinkedHashMap<>(settings.streamsProperties()),
                            GeoalertTopology.DEFAULT_REPEAT_WINDOW,
                            GeoalertTopology.DEFAULT_STORY_WINDOW,
                            StreamsSettings.DEFAULT_MAX_CATEGORIES)
                    .withGuarantees(Guarantees.DEFAULTS.with(Guarantees.ProcessingGuarantee.of(guarantee)));
        }

        /**
         * Plain Kafka: from the first item sent to the last read by a {@code read_committed} consumer,
         * after unmeasured passes of as many items until the JIT has settled.
         */
        Rate plainKafka() throws Exception {
            try (RecordWatch reader = new RecordWatch(kafka, PLAIN_TOPIC)) {
                settle(
                        round -> plainKafka(
                                reader,
                                batch("plain-warm-" + round + "-", settings.items()),
                                "plain Kafka, warm-up (JIT)"),
                        1,
                        UNMEASURED_ROUNDS);
                return plainKafka(reader, batch("plain-", settings.items()), "plain Kafka produce -> consume");
            }
        }

        private Rate plainKafka(RecordWatch reader, Batch batch, String phase) throws Exception {
            long before = reader.count();
            AtomicReference<RuntimeException> failed = new AtomicReference<>();
            // the reader polls while items are still being sent, as the pipeline does
            Thread sender = new Thread(
                    () -> {
                        try {
                            send(batch, PLAIN_TOPIC);
                        } catch (RuntimeException e) {
                            failed.set(e);
                        }
                    },
                    "geoalert-bench-plain-producer");
            PassStart start = PassStart.now();
            sender.start();
            long last = reader.await(
                    before + batch.items().size(), timeout(batch.items().size()), progress, phase, before);
            sender.join();
            if (failed.get() != null) {
                throw new IllegalStateException("plain Kafka: sending failed: " + failed.get(), failed.get());
            }
            Rate rate = start.rate(batch.items().size(), last);
            progress.done(done(rate));
            return rate;
        }

        /**
         * The floor under any Kafka Streams pipeline here: an application with the pipeline's settings
         * (guarantee, commit interval, producer linger, one thread) that reads each item as bytes and
         * copies the ones the rules fire on, unread, to a topic; timed as the pipeline is, from the first
         * item sent until its committed offsets reach the end of its input and a {@code read_committed}
         * reader has had every copy, after unmeasured passes of as many items until the JIT has settled. It parses, matches and
         * stores nothing: any pipeline that reads every item and writes for the alerting ones does at least
         * this work.
         */
        Rate streamsFloor(Path dir) throws Exception {
            String id = applicationId() + "-floor";
            String in = id + "-in";
            String out = id + "-out";
            TopicSetup.ensure(
                    kafka,
                    List.of(
                            new NewTopic(in, Optional.of(settings.partitions()), Optional.empty()),
                            new NewTopic(out, Optional.of(settings.partitions()), Optional.empty())));
            // the items to copy, as the rules would find them; made before each pass is timed
            Set<String> alerting = ConcurrentHashMap.newKeySet();
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(in, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                    .filter((itemId, value) -> alerting.contains(itemId) || PROBE.equals(itemId))
                    .to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));
            Properties props = StreamsService.properties(
                    streamsSettings(id, dir.resolve("floor"), Optional.empty(), StreamsConfig.EXACTLY_ONCE_V2),
                    Metrics.newRegistry());
            KafkaStreams floor = new KafkaStreams(builder.build(), props);
            BooleanSupplier failed = () ->
                    floor.state() == KafkaStreams.State.ERROR || floor.state() == KafkaStreams.State.PENDING_ERROR;
            try (RecordWatch copies = new RecordWatch(kafka, out)) {
                progress.start("starting the Kafka Streams floor");
                floor.start();
                // one record through: the application's partitions are assigned and its task is running
                var unused = producer.send(new ProducerRecord<>(in, 0, PROBE, new byte[] {1}));
                producer.flush();
                copies.await(1, START_TIMEOUT, progress, "starting the Kafka Streams floor", 0);
                progress.done("RUNNING");
                // its paths differ from the pipeline's (bytes, no stores): the JIT compiles them in passes of their own
                settle(
                        round -> {
                            Batch warm = batch("floor-warm-" + round + "-", settings.items());
                            alerting.addAll(warm.alerting());
                            return copyPass(id, in, copies, failed, warm, "Kafka Streams floor, warm-up (JIT)");
                        },
                        1,
                        UNMEASURED_ROUNDS);
                Batch measured = batch("floor-", settings.items());
                alerting.addAll(measured.alerting());
                return copyPass(id, in, copies, failed, measured, "Kafka Streams floor (copy), exactly_once_v2");
            } finally {
                // it leaves its group (static membership would keep it), which the run removes at the end
                floor.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
            }
        }

        /** One pass through the floor application, timed as the pipeline's is. */
        private Rate copyPass(
                String id, String in, RecordWatch copies, BooleanSupplier failed, Batch batch, String phase)
                throws Exception {
            List<TopicPartition> ins = partitions(in);
            Map<TopicPartition, Long> before = endOffsets(ins);
            long copiesBefore = copies.count();
            PassStart start = PassStart.now();
            send(batch, in);
            Map<TopicPartition, Long> end = endOffsets(ins);
            awaitCommitted(id, failed, before, end, batch.items().size(), phase);
            long offsetsReached = Micros.now();
            long lastCopy = copies.await(
                    copiesBefore + batch.alerting().size(),
                    timeout(batch.items().size()),
                    progress,
                    phase,
                    copiesBefore);
            Rate rate = start.rate(batch.items().size(), Math.max(offsetsReached, lastCopy));
            progress.done(done(rate));
            return rate;
        }

        /**
         * Polls the group's committed offsets every 10 ms until they reach {@code end}; returns how many
         * records it committed as processed since {@code before}. Gives up when {@code failed} says so.
         */
        private long awaitCommitted(
                String group,
                BooleanSupplier failed,
                Map<TopicPartition, Long> before,
                Map<TopicPartition, Long> end,
                int total,
                String phase)
                throws Exception {
            long deadline = System.nanoTime() + timeout(total).toNanos();
            while (true) {
                if (failed.getAsBoolean()) {
                    throw new IllegalStateException(phase + ": the application failed (see the log above)");
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                long processed = 0;
                boolean all = true;
                for (TopicPartition p : end.keySet()) {
                    OffsetAndMetadata at = committed.get(p);
                    long offset = at == null ? 0 : at.offset();
                    processed += Math.max(0, offset - before.get(p));
                    all &= offset >= end.get(p);
                }
                progress.show(phase, processed, total, "items");
                if (all) {
                    return processed;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            phase + ": " + processed + " of " + total + " items processed within " + timeout(total));
                }
                Thread.sleep(10);
            }
        }

        /** The pipeline: from the first item sent until every item is processed (see the class comment). */
        Throughput pipeline(Batch batch, String phase) throws Exception {
            List<TopicPartition> news = partitions(Topics.NEWS_RAW);
            Map<TopicPartition, Long> before = endOffsets(news);
            progress.show(phase, 0, batch.items().size(), "items");
            StreamThreadTime threadBefore = StreamThreadTime.snapshot(registry);
            PassStart start = PassStart.now();
            send(batch);
            Map<TopicPartition, Long> end = endOffsets(news);
            // the service replaces a failed stream thread itself (StreamsService), so nothing to watch for here
            long processed = awaitCommitted(
                    applicationId(), () -> false, before, end, batch.items().size(), phase);
            long offsetsReached = Micros.now();
            long lastAlert =
                    alerts.awaitAll(batch.alerting(), timeout(batch.items().size()), progress, phase);
            long finished = Math.max(offsetsReached, lastAlert);
            StreamThreadTime time =
                    StreamThreadTime.snapshot(registry).since(threadBefore, (finished - start.micros()) / 1000);
            Rate rate = start.rate(batch.items().size(), finished);
            progress.done(done(rate));
            return new Throughput(rate, processed, time);
        }

        /**
         * Items sent at the configured rate, each stamped with its send time as {@code fetchedAt}; every
         * alert's latency runs from there to its arrival at a {@code read_committed} reader.
         */
        Latency latency(String prefix, String phase) throws Exception {
            int count = settings.rate() * settings.latencySeconds();
            List<NewsItem> items = new ArrayList<>(count);
            Set<String> alerting = new HashSet<>();
            for (int i = 0; i < count; i++) {
                NewsItem item = generator.next(tag + "-" + prefix, null);
                items.add(item);
                if (!matcher.match(item).hits().isEmpty()) {
                    alerting.add(item.id());
                }
            }
            Map<String, Long> sent = new HashMap<>(count * 2);
            // the items made ahead (tens of MB) leave the young generation now, rather than in the first young
            // collections of the pass, which copying them makes long: items from feeds are not held beforehand
            System.gc();
            long interval = 1_000_000_000L / settings.rate();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Instant now = Instant.now();
                NewsItem item = items.get(i).withFetchedAtIfAbsent(now);
                sent.put(item.id(), Micros.of(now));
                var unused = producer.send(new ProducerRecord<>(
                        Topics.NEWS_RAW,
                        NewsPartitions.partitionOf(item.id(), item.url(), settings.partitions()),
                        item.id(),
                        Json.toBytes(item)));
                if (i % 100 == 0) {
                    progress.show(phase, i, count, "items sent");
                }
            }
            producer.flush();
            alerts.awaitAll(alerting, timeout(count), progress, phase);
            LatencySummary summary = LatencySummary.ofMicros(alerts.latencies(sent));
            progress.done(String.format(
                    Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms", summary.p50(), summary.p99(), summary.max()));
            return new Latency(summary, LatencySummary.ofMicros(alerts.storyLatencies(sent)));
        }

        private void send(Batch batch) {
            send(batch, Topics.NEWS_RAW);
        }

        /** Each item on its page's partition, as the ingest producer puts it ({@link NewsPartitions}). */
        private void send(Batch batch, String topic) {
            for (int i = 0; i < batch.items().size(); i++) {
                NewsItem item = batch.items().get(i);
                var unused = producer.send(new ProducerRecord<>(
                        topic,
                        NewsPartitions.partitionOf(item.id(), item.url(), settings.partitions()),
                        item.id(),
                        batch.values().get(i)));
            }
            producer.flush();
        }

        private List<TopicPartition> partitions(String topic) {
            return producer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
        }

        private Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions)
                throws InterruptedException, ExecutionException, TimeoutException {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((p, info) -> offsets.put(p, info.offset()));
            return offsets;
        }
    }

    /** Generous: a pass slower than 100 items a second is broken, not slow. */
    private static Duration timeout(int items) {
        return Duration.ofSeconds(120 + items / 100);
    }

    private static String done(Rate rate) {
        return BenchReport.perSec(rate.itemsPerSec(), rate.cpuMicrosPerItem(), rate.jitShare());
    }

    /** {@code part / whole} to three decimals, as the report gives ratios. */
    private static double share(long part, long whole) {
        return Math.round(part * 1000.0 / Math.max(1, whole)) / 1000.0;
    }

    private static long perSecond(long items, long micros) {
        return Math.round(items * 1_000_000.0 / Math.max(1, micros));
    }
}
