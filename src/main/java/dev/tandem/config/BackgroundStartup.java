package dev.tandem.config;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Start-up work that need not hold up the rest of the start: the Elasticsearch dev service becoming ready, the
 * embedding model and the parsers loading. Each task runs on a Camel thread pool from the moment it is submitted,
 * while the other configurations, the route files and the routes are built on the main thread. As a service of the
 * context it starts after the routes are built and before any of them starts, and waits there for every task: no
 * route consumes, and health cannot answer UP, before all of them have finished. A task that failed stops start-up
 * with its own exception.
 */
public final class BackgroundStartup extends ServiceSupport {

    private static final String NAME = "backgroundStartup";

    private final CamelContext context;
    private final ExecutorService pool;
    private final List<CompletableFuture<?>> tasks = new ArrayList<>();

    private BackgroundStartup(CamelContext context) {
        this.context = context;
        // one thread per task: a few tasks, each either waiting (for Elasticsearch) or needing a core of its own
        this.pool = context.getExecutorServiceManager().newCachedThreadPool(this, "tandem-startup");
    }

    /** The context's background start-up, made and added to the context by the first configuration that asks. */
    public static BackgroundStartup of(CamelContext context) {
        BackgroundStartup startup = context.getRegistry().lookupByNameAndType(NAME, BackgroundStartup.class);
        if (startup == null) {
            startup = new BackgroundStartup(context);
            context.getRegistry().bind(NAME, startup);
            try {
                context.addService(startup, true, true);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot add the background start-up to the context", e);
            }
        }
        return startup;
    }

    /** Starts the task now; the routes start once it has finished. */
    public synchronized <T> CompletableFuture<T> run(Callable<T> task) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, pool);
        tasks.add(result);
        return result;
    }

    /** The value of a task, waiting for it; its own exception when it failed. */
    public static <T> T await(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    @Override
    protected void doStart() {
        List<CompletableFuture<?>> started;
        synchronized (this) {
            started = List.copyOf(tasks);
        }
        try {
            started.forEach(BackgroundStartup::await);
        } finally {
            // a context that stops before this point shuts the pool down with its other pools
            context.getExecutorServiceManager().shutdown(pool);
        }
    }
}
