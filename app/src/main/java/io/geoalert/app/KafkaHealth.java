package io.geoalert.app;

import io.geoalert.ops.Health;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The {@code kafka} health component. It answers with the last thing the cluster said and asks
 * again in the background, so {@code /health} never waits on a broker that is down.
 */
final class KafkaHealth implements Supplier<Health.Status> {

    private static final int TIMEOUT_MS = 3000;

    private final Admin admin;
    private final String bootstrap;
    private final AtomicReference<Health.Status> last;
    private final AtomicBoolean asking = new AtomicBoolean();

    KafkaHealth(Admin admin, String bootstrap) {
        this.admin = admin;
        this.bootstrap = bootstrap;
        this.last = new AtomicReference<>(Health.Status.down("no answer yet from " + bootstrap));
        refresh();
    }

    @Override
    public Health.Status get() {
        refresh();
        return last.get();
    }

    private void refresh() {
        if (!asking.compareAndSet(false, true)) {
            return; // one question at a time: a down broker must not pile them up
        }
        try {
            var unused = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes()
                    .whenComplete((nodes, error) -> {
                        last.set(
                                error == null
                                        ? Health.Status.up(nodes.size() + " broker(s) at " + bootstrap)
                                        : Health.Status.down("no answer from " + bootstrap + ": "
                                                + error.getClass().getSimpleName()));
                        asking.set(false);
                    });
        } catch (RuntimeException e) {
            last.set(Health.Status.down(
                    "cannot ask " + bootstrap + ": " + e.getClass().getSimpleName()));
            asking.set(false);
        }
    }
}
