package dev.tandem.ingest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;

/**
 * The pool the watched folders hand documents to: {@code workers} threads and a queue of four, shared by every
 * folder. When both are full the folder poller waits for room instead of ingesting a document itself (Camel's
 * caller-runs), so no more than {@code workers} documents are ever in progress at once.
 */
public final class IngestWorkers {

    static final int QUEUE_SIZE = 4;

    private IngestWorkers() {
    }

    /** A Camel thread pool, shut down with the context. */
    public static ExecutorService create(CamelContext context, int workers) {
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("ingest-workers")
                .poolSize(workers).maxPoolSize(workers).maxQueueSize(QUEUE_SIZE).build();
        ExecutorService pool = context.getExecutorServiceManager().newThreadPool(IngestWorkers.class,
                "IngestWorkers", profile);
        ((ThreadPoolExecutor) pool).setRejectedExecutionHandler(WAIT_FOR_ROOM);
        return pool;
    }

    private static final RejectedExecutionHandler WAIT_FOR_ROOM = (task, pool) -> {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("Tandem is stopping: ingestion takes no more documents.");
        }
        try {
            pool.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("Interrupted while waiting for an ingestion worker.", e);
        }
    };
}
