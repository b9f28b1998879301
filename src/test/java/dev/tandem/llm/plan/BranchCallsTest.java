package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Backends;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ModelDescription;
import dev.tandem.llm.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A branch is settled when its call ends, or as soon as a decision cancels the call, whichever comes first. */
class BranchCallsTest {

    private static final Deadlines DEADLINES = new Deadlines(Duration.ofSeconds(30), Duration.ofSeconds(30));

    private final CamelContext camel = new DefaultCamelContext();
    private final ExecutorService branchThread = Executors.newSingleThreadExecutor();
    private final CountDownLatch calling = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final BackendGate local = new BackendGate(new SlowToStop(calling, stop),
            new BackendGate.Settings(3, Duration.ofSeconds(30)), new SimpleMeterRegistry(), Clock.systemUTC());
    private final BackendGate provider = NamedBackend.gate("openai", ChatBackend.Role.PROVIDER);
    private final PlanRun run = new ChatPlanner(new Backends(local, Optional.of(provider)), Strategies.named("hedge"),
            new AnswerCheck(0.7, new SimpleMeterRegistry())).plan(new CompletionRequest("tandem",
                    new ChatPrompt(List.of(ChatMessage.user("Capital?")), null, null), false, false,
                    Strategies.named("hedge"), false, 0), null);
    private final AsyncProcessor localBranch = new BranchCalls(new BranchCalls.Limits(DEADLINES, DEADLINES, 10_000))
            .branch(LOCAL);

    @AfterEach
    void stopTheCall() {
        stop.countDown();
        branchThread.shutdownNow();
    }

    @Test
    void should_settle_a_cancelled_branch_at_once_while_its_call_is_still_stopping() throws Exception {
        Exchange branch = exchange();
        AtomicInteger settlements = new AtomicInteger();
        CompletableFuture<Boolean> settledSync = new CompletableFuture<>();
        CompletableFuture<Boolean> threadReturned = CompletableFuture.supplyAsync(() -> localBranch.process(branch,
                doneSync -> {
                    settlements.incrementAndGet();
                    settledSync.complete(doneSync);
                }), branchThread);
        assertThat(calling.await(10, TimeUnit.SECONDS)).as("the local call started").isTrue();

        // the provider answers: hedge decides and cancels the local call, which takes its time to stop
        Exchange answered = exchange();
        answered.getMessage().setBody(NamedBackend.answered(PROVIDER, provider, 0, "Paris."));
        new BoostAggregationStrategy().aggregate(null, answered);

        assertThat(settledSync.get(10, TimeUnit.SECONDS)).as("settled by the cancellation, not by the call").isFalse();
        assertThat(branch.getMessage().getBody(BranchResult.class).failure().kind()).isEqualTo(Kind.CANCELLED);
        assertThat(run.result(LOCAL)).get().extracting(BranchResult::outcome).isEqualTo("cancelled");
        assertThat(threadReturned).as("the call has not stopped yet").isNotDone();

        stop.countDown();
        assertThat(threadReturned.get(10, TimeUnit.SECONDS)).as("the branch's thread left the settling to it")
                .isFalse();
        assertThat(settlements).hasValue(1);
    }

    @Test
    void should_settle_a_branch_with_its_answer_on_its_own_thread_when_nothing_cancels_it() throws Exception {
        Exchange branch = exchange();
        AtomicInteger settlements = new AtomicInteger();
        stop.countDown();

        boolean sync = localBranch.process(branch, doneSync -> settlements.incrementAndGet());

        assertThat(sync).isTrue();
        assertThat(settlements).hasValue(1);
        assertThat(branch.getMessage().getBody(BranchResult.class).answer().text()).isEqualTo("Local: Paris.");
    }

    private Exchange exchange() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(PlanRun.PROPERTY, run);
        return exchange;
    }

    /** A local model whose call ignores interrupts until told to stop, as a call slow to wind down would. */
    private record SlowToStop(CountDownLatch calling, CountDownLatch stop) implements ChatBackend {

        @Override
        public String kind() {
            return "ollama";
        }

        @Override
        public String model() {
            return "m";
        }

        @Override
        public Role role() {
            return Role.LOCAL;
        }

        @Override
        public BackendAnswer chat(ChatPrompt prompt, Deadlines deadlines) {
            calling.countDown();
            boolean interrupted = false;
            while (stop.getCount() > 0) {
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return new BackendAnswer("Local: Paris.", "stop", new TokenUsage(3, 4, Map.of()));
        }

        @Override
        public BackendAnswer stream(ChatPrompt prompt, Deadlines deadlines, Consumer<String> onToken) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ModelDescription describe() {
            throw new UnsupportedOperationException();
        }
    }
}
