package io.geoalert.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM.
 * Its log directory survives restarts: storage is formatted only the first time.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String sslBootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, String sslBootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.sslBootstrapServers = sslBootstrapServers;
    }

    /** Where the server's TLS key lives, for a broker with an {@code SSL} listener beside the plain one. */
    public record ServerKeystore(Path location, String type, String password) {}

    /**
     * Formats {@code logDir} if it is new, starts the broker and waits until it answers.
     *
     * @param preferredPort the client port to use when free (9092 for users); otherwise a free one is taken
     * @param defaultPartitions partitions of topics created without a count
     */
    public static EmbeddedKafkaBroker start(Path logDir, int preferredPort, int defaultPartitions) throws IOException {
        return start(logDir, preferredPort, defaultPartitions, null);
    }

    /**
     * As {@link #start(Path, int, int)}, with an {@code SSL} listener on a free port as well when
     * {@code keystore} is given (see {@link #sslBootstrapServers()}); the broker talks to itself in plain text.
     */
    public static EmbeddedKafkaBroker start(
            Path logDir, int preferredPort, int defaultPartitions, ServerKeystore keystore) throws IOException {
        Files.createDirectories(logDir);
        // taken together, so that no two listeners are handed the same port the kernel just freed
        int[] free = freePorts(3);
        int port = preferredPort > 0 && isFree(preferredPort) ? preferredPort : free[0];
        int controllerPort = free[1] == port ? free[0] : free[1];
        Properties props = serverProperties(logDir, port, controllerPort, defaultPartitions);
        String sslBootstrap = null;
        if (keystore != null) {
            int sslPort = free[2] == port ? free[0] : free[2];
            sslBootstrap = "127.0.0.1:" + sslPort;
            props.put("listeners", props.get("listeners") + ",SSL://" + sslBootstrap);
            props.put("advertised.listeners", props.get("advertised.listeners") + ",SSL://" + sslBootstrap);
            props.put("listener.security.protocol.map", props.get("listener.security.protocol.map") + ",SSL:SSL");
            props.put(
                    "listener.name.ssl.ssl.keystore.location",
                    keystore.location().toAbsolutePath().toString());
            props.put("listener.name.ssl.ssl.keystore.type", keystore.type());
            props.put("listener.name.ssl.ssl.keystore.password", keystore.password());
            props.put("listener.name.ssl.ssl.key.password", keystore.password());
        }
        formatIfNew(logDir);

        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            throw new IOException(
                    "the embedded Kafka broker did not start on " + logDir + ": " + e.getMessage()
                            + " (is another geoalert using this data directory?)",
                    e);
        }
        String bootstrap = "127.0.0.1:" + port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, sslBootstrap);
        broker.awaitReady(Duration.ofSeconds(60));
        log.info("embedded Kafka broker up at {} with data in {}", bootstrap, logDir);
        return broker;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The {@code SSL} listener's address, or {@code null} when the broker was started without one. */
    public String sslBootstrapServers() {
        return sslBootstrapServers;
    }

    private static Properties serverProperties(Path logDir, int port, int controllerPort, int defaultPartitions) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", Integer.toString(defaultPartitions));
        p.put("auto.create.topics.enable", "false");
        // one node: every internal topic must live with a single replica, or transactions
        // (exactly_once_v2) and share groups time out waiting for replicas that never come
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // a streams instance killed mid-transaction blocks its successor until the broker aborts that
        // transaction: look for timed-out ones every second rather than every 10 s, so a failover waits
        // for the transaction timeout and not up to 10 s more
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        // the log cleaner takes 128 MiB of heap by default for compaction; a laptop broker needs far less
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 << 20));
        return p;
    }

    private static void formatIfNew(Path logDir) throws IOException {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                    .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IOException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("the embedded Kafka broker did not answer within " + timeout, e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the embedded broker", e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code count} distinct free ports: every socket is held open until all are chosen. */
    static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    /** Stops the broker and waits for it; the data directory stays. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("embedded Kafka broker stopped");
    }
}
