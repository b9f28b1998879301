package dev.tandem.llm.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The thread that asks for a round runs the round's walk and its first branch itself; the other branches run in the
 * pool at the same time; what the pool's threads hand on stays in the pool.
 */
class CallerRunsFirstTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CallerRunsFirst executor = new CallerRunsFirst(pool);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void should_run_a_task_from_outside_the_pool_on_the_calling_thread() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();

        executor.execute(() -> ranOn.set(Thread.currentThread()));

        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void should_run_the_first_task_handed_on_here_and_the_others_in_the_pool_meanwhile() throws Exception {
        AtomicReference<Thread> first = new AtomicReference<>();
        AtomicReference<Thread> second = new AtomicReference<>();
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicBoolean secondRanAlongside = new AtomicBoolean();

        executor.execute(() -> {
            executor.execute(() -> {
                first.set(Thread.currentThread());
                secondRanAlongside.set(await(secondStarted));
            });
            executor.execute(() -> {
                second.set(Thread.currentThread());
                secondStarted.countDown();
            });
        });

        assertThat(first.get()).isSameAs(Thread.currentThread());
        assertThat(secondRanAlongside).isTrue();
        assertThat(second.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void should_hand_what_a_pool_thread_hands_on_to_the_pool() throws Exception {
        CountDownLatch handedOn = new CountDownLatch(1);
        AtomicBoolean ranInThePool = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);

        executor.execute(() -> {
            executor.execute(() -> { }); // the caller runs this one
            executor.execute(() -> { // this one runs in the pool, and hands on a task that waits for it
                executor.execute(() -> {
                    ranInThePool.set(await(handedOn));
                    done.countDown();
                });
                handedOn.countDown();
            });
        });

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ranInThePool).isTrue();
    }

    @Test
    void should_still_run_what_a_failing_task_handed_on() throws Exception {
        CountDownLatch ran = new CountDownLatch(2);

        assertThatThrownBy(() -> executor.execute(() -> {
            executor.execute(ran::countDown);
            executor.execute(ran::countDown);
            throw new IllegalStateException("broken task");
        })).hasMessage("broken task");

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void should_refuse_tasks_once_shut_down_as_every_executor_does() {
        executor.shutdown();

        assertThatThrownBy(() -> executor.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThat(executor.isShutdown()).isTrue();
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
