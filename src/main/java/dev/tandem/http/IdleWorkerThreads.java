package dev.tandem.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.vertx.core.spi.ExecutorServiceFactory;

/**
 * Vert.x's worker pools as Vert.x builds them (a fixed number of threads, an unbounded queue), except that a thread
 * idle for a minute ends. Vert.x's own pools start a new thread for each task until the pool is full and keep them
 * all: the HTTP server's 200 workers ({@code tandem.http.workers}) all stood after a few minutes of status requests,
 * each with its stack, for a Tandem that was serving nothing. Found by Vert.x through {@code META-INF/services}.
 */
public final class IdleWorkerThreads implements ExecutorServiceFactory {

    static final long KEEP_ALIVE_SECONDS = 60;

    @Override
    public ExecutorService createExecutor(ThreadFactory threadFactory, Integer concurrency, Integer maxConcurrency) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxConcurrency, maxConcurrency, KEEP_ALIVE_SECONDS,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
