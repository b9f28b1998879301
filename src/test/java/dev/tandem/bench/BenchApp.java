package dev.tandem.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.tandem.TandemApplication;
import dev.tandem.config.DotEnv;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * Tandem run in the benchmark's JVM the way {@code TandemApplication} runs it, on its own thread and a free port of
 * 127.0.0.1; {@link #start} returns once it serves HTTP.
 */
final class BenchApp implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    final int port;
    private final Main app;
    private final Thread thread;

    private BenchApp(Main app, int port, Thread thread) {
        this.app = app;
        this.port = port;
        this.thread = thread;
    }

    /** {@code settings} win over application.properties; the port is the benchmark's. */
    static BenchApp start(Map<String, String> settings) throws Exception {
        int port = freePort();
        Main app = new Main();
        TandemApplication.assemble(app, DotEnv.empty());
        app.addOverrideProperty("tandem.http.host", "127.0.0.1");
        settings.forEach(app::addOverrideProperty);
        app.addOverrideProperty("tandem.http.port", Integer.toString(port));
        return new BenchApp(app, port, run(app, port));
    }

    CamelContext camel() {
        return app.getCamelContext();
    }

    @Override
    public void close() throws InterruptedException {
        app.completed();
        thread.join(TimeUnit.MINUTES.toMillis(1));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Thread run(Main app, int port) throws Exception {
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
