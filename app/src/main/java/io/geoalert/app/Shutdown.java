package io.geoalert.app;

import java.util.concurrent.CountDownLatch;

/** Blocks the main thread until Ctrl-C (or SIGTERM), then runs the given stop action once. */
final class Shutdown {

    private Shutdown() {}

    static void awaitSignal(Runnable stop) {
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            long started = System.nanoTime();
                            System.err.println("geoalert: stopping...");
                            try {
                                stop.run();
                            } finally {
                                System.err.printf("geoalert: stopped in %.1f s%n", (System.nanoTime() - started) / 1e9);
                                done.countDown();
                            }
                        },
                        "geoalert-shutdown"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
