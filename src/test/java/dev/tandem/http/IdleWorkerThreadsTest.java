package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxInternal;
import org.junit.jupiter.api.Test;

class IdleWorkerThreadsTest {

    @Test
    void should_give_vertx_worker_pools_that_end_idle_threads() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(200));
        try {
            ThreadPoolExecutor workers = (ThreadPoolExecutor) ((VertxInternal) vertx).getWorkerPool().executor();

            assertThat(workers.getMaximumPoolSize()).isEqualTo(200);
            assertThat(workers.allowsCoreThreadTimeOut()).isTrue();
            assertThat(workers.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(IdleWorkerThreads.KEEP_ALIVE_SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_end_a_worker_thread_once_idle_for_the_keep_alive_and_still_run_work_after() throws Exception {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) new IdleWorkerThreads().createExecutor(Thread::new, 4, 4);
        try {
            pool.setKeepAliveTime(1, TimeUnit.MILLISECONDS);
            CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.getPoolSize() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            assertThat(pool.getPoolSize()).isZero();

            CountDownLatch again = new CountDownLatch(1);
            pool.execute(again::countDown);
            assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
