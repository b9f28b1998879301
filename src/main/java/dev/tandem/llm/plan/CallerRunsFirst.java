package dev.tandem.llm.plan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The pool a round's branches run on, letting the thread that asked for the round run its first branch itself. Every
 * caller of the {@code llm-chat} flow (an HTTP worker, an MCP call, the agent loop) waits for the flow's end anyway,
 * while through Camel's parallel recipient list alone the first branch started two thread hand-offs later (the caller
 * to a pool thread that walks the list, that one to another for the branch): about 0.13 ms of every answer.
 * <p>
 * A task from a thread outside the pool runs on that thread; the tasks it hands on meanwhile wait until it returns,
 * then the first of them runs there too (the recipient list hands on its first branch first: the one the strategy
 * starts first) and the others go to the pool. Tasks from the pool's own threads go to the pool.
 */
public final class CallerRunsFirst extends AbstractExecutorService {

    private static final ThreadLocal<Boolean> POOL_THREAD = ThreadLocal.withInitial(() -> false);

    private final ExecutorService pool;
    private final ThreadLocal<Deque<Runnable>> handedOn = new ThreadLocal<>();

    public CallerRunsFirst(ExecutorService pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("The pool of the LLM branches is shut down (Tandem is stopping).");
        }
        Deque<Runnable> waiting = handedOn.get();
        if (waiting != null) {
            waiting.addLast(task);
        } else if (POOL_THREAD.get()) {
            pooled(task);
        } else {
            runHere(task);
        }
    }

    private void runHere(Runnable first) {
        Deque<Runnable> waiting = new ArrayDeque<>();
        handedOn.set(waiting);
        try {
            Runnable next = first;
            while (next != null) {
                next.run();
                next = waiting.pollFirst();
                while (!waiting.isEmpty()) {
                    pooled(waiting.pollFirst());
                }
            }
        } finally {
            handedOn.remove();
            waiting.forEach(this::pooled); // a task that threw leaves what it handed on to the pool
        }
    }

    private void pooled(Runnable task) {
        pool.execute(() -> {
            POOL_THREAD.set(true);
            task.run();
        });
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
