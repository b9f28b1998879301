package dev.tandem.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/** Runs a configured Camel Main (Tandem) on its own thread for a benchmark; returns once it serves HTTP. */
final class BenchApp {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private BenchApp() {
    }

    static Thread run(Main app, int port) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        app.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport main) {
                started.countDown();
            }
        });
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                app.run();
            } catch (Exception e) {
                failure.set(e);
            }
        }, "tandem-app");
        long launched = System.nanoTime();
        thread.start();
        long deadline = launched + START_TIMEOUT.toNanos();
        while (!started.await(250, TimeUnit.MILLISECONDS)) {
            if (failure.get() != null || !thread.isAlive()) {
                app.completed();
                throw new IllegalStateException("Tandem did not start", failure.get());
            }
            if (System.nanoTime() > deadline) {
                app.completed();
                throw new IllegalStateException("Tandem did not start within " + START_TIMEOUT);
            }
        }
        System.out.printf("Tandem started on port %d in %.1f s%n", port, (System.nanoTime() - launched) / 1e9);
        return thread;
    }
}
