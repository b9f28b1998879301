package dev.tandem.llm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tandem.http.Caller;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.PlanStep;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.plan.CompletionRequest;
import dev.tandem.tool.ToolDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checks before a tool call and the way calls of one turn run, with tools written here: which rule refuses a
 * call, that calls of one turn are in flight together, that a call past its time is abandoned.
 */
class ToolRunnerTest {

    private static final Map<String, Object> ANY = Map.of("type", "object");
    private static final ToolDescriptor READ = tool("read_notes", true, false);
    private static final ToolDescriptor DELETE = tool("delete_notes", true, true);
    private static final ToolDescriptor WRITE = tool("write_notes", false, false);

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void should_refuse_a_write_tool_when_the_server_forbids_writes_even_if_the_request_allows_them() {
        List<ToolOutcome> outcomes = runner(false, recording()).run(run(true), "m", List.of(call(WRITE)),
                Optional.empty(), WriteApproval.REQUEST_DECIDES);

        assertThat(outcomes.get(0).outcome()).isEqualTo("refused");
        assertThat(outcomes.get(0).text()).contains("TANDEM_AGENT_ALLOW_WRITE=false");
        assertThat(ran).isEmpty();
    }

    @Test
    void should_take_a_destructive_hint_over_a_read_only_one() {
        List<ToolOutcome> outcomes = runner(true, recording()).run(run(false), "m", List.of(call(DELETE)),
                Optional.empty(), WriteApproval.REQUEST_DECIDES);

        assertThat(outcomes.get(0).outcome()).isEqualTo("refused");
        assertThat(ran).isEmpty();
    }

    @Test
    void should_refuse_a_write_tool_the_person_did_not_approve_though_server_and_request_allow_it() {
        List<ToolOutcome> outcomes = runner(true, recording()).run(run(true), "m", List.of(call(WRITE)),
                Optional.empty(), (c, turn) -> Optional.of("The user did not allow " + c.name()));

        assertThat(outcomes.get(0).outcome()).isEqualTo("refused");
        assertThat(outcomes.get(0).text()).isEqualTo("The user did not allow write_notes");
        assertThat(ran).isEmpty();
    }

    @Test
    void should_refuse_a_tool_the_request_did_not_offer() {
        AgentRun run = run(true);
        ToolCall other = new ToolCall("c1", "drop_everything", "{}");

        List<ToolOutcome> outcomes = runner(true, recording()).run(run, "m", List.of(other), Optional.empty(),
                WriteApproval.REQUEST_DECIDES);

        assertThat(outcomes.get(0).outcome()).isEqualTo("refused");
        assertThat(ran).isEmpty();
        assertThat(run.plan().steps()).extracting(PlanStep::tool, PlanStep::outcome)
                .containsExactly(tuple("drop_everything", "refused"));
    }

    @Test
    void should_have_every_call_of_a_turn_in_flight_at_once() {
        CyclicBarrier meeting = new CyclicBarrier(3);
        // each call waits for the other two; run one after another, the first gives up after 5 s and breaks the
        // barrier, so the later ones answer "alone" at once: serialised calls fail in 5 s, they do not hang
        AgentTools meet = tools((tool, arguments) -> {
            try {
                meeting.await(5, TimeUnit.SECONDS);
                return ToolOutcome.ok("met");
            } catch (TimeoutException | BrokenBarrierException e) {
                return ToolOutcome.error("alone");
            }
        });

        List<ToolOutcome> outcomes = runner(true, meet).run(run(false), "m", List.of(call(READ), call(READ),
                call(READ)), Optional.empty(), WriteApproval.REQUEST_DECIDES);

        assertThat(outcomes).extracting(ToolOutcome::text).containsExactly("met", "met", "met");
    }

    @Test
    void should_abandon_a_call_that_outlives_the_tool_timeout_and_say_so() {
        List<ToolOutcome> outcomes = runner(settings(true, Duration.ofMinutes(1), Duration.ofMillis(200)), stuck())
                .run(run(false), "m", List.of(call(READ)), Optional.empty(), WriteApproval.REQUEST_DECIDES);

        assertThat(outcomes.get(0).outcome()).isEqualTo("timeout");
        assertThat(outcomes.get(0).text()).contains("within 200 ms (TANDEM_AGENT_TOOL_TIMEOUT_MS)");
    }

    @Test
    void should_abandon_a_call_at_the_wall_time_left_when_it_comes_before_the_tool_timeout_and_name_it() {
        List<ToolOutcome> outcomes = runner(settings(true, Duration.ofMillis(300), Duration.ofMinutes(1)), stuck())
                .run(run(false), "m", List.of(call(READ)), Optional.empty(), WriteApproval.REQUEST_DECIDES);

        assertThat(outcomes.get(0).outcome()).isEqualTo("timeout");
        assertThat(outcomes.get(0).text()).contains("wall time of 300 ms ran out (TANDEM_AGENT_MAX_TIME_MS)")
                .doesNotContain("TANDEM_AGENT_TOOL_TIMEOUT_MS");
    }

    // --- fixtures

    private interface Body {
        ToolOutcome call(ToolDescriptor tool, Map<String, Object> arguments) throws InterruptedException;
    }

    private static AgentTools tools(Body body) {
        return new AgentTools() {
            @Override
            public List<ToolDescriptor> all() {
                return List.of(READ, DELETE, WRITE);
            }

            @Override
            public ToolOutcome call(ToolDescriptor tool, Map<String, Object> arguments, Optional<Caller> caller) {
                try {
                    return body.call(tool, arguments);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return ToolOutcome.error("interrupted");
                }
            }
        };
    }

    private AgentTools recording() {
        return tools((tool, arguments) -> {
            ran.add(tool.name());
            return ToolOutcome.ok("done");
        });
    }

    /** A tool that never answers until it is interrupted. */
    private static AgentTools stuck() {
        CountDownLatch never = new CountDownLatch(1);
        return tools((tool, arguments) -> {
            never.await();
            return ToolOutcome.ok("late");
        });
    }

    private ToolRunner runner(boolean serverAllowsWrites, AgentTools tools) {
        return runner(settings(serverAllowsWrites, Duration.ofMinutes(1), Duration.ofSeconds(30)), tools);
    }

    private ToolRunner runner(AgentSettings settings, AgentTools tools) {
        return new ToolRunner(() -> tools, pool, settings);
    }

    private static AgentSettings settings(boolean serverAllowsWrites, Duration maxTime, Duration toolTimeout) {
        return new AgentSettings(serverAllowsWrites, 8, 20, maxTime, 1000, toolTimeout, 1000);
    }

    private static AgentRun run(boolean requestAllowsWrites) {
        CompletionRequest asked = new CompletionRequest("tandem", new ChatPrompt(List.of(ChatMessage.user("q")), null,
                null), false, false, null, false, 0);
        AgentRequest request = new AgentRequest(asked, new ToolSelection(List.of("mcp")), requestAllowsWrites,
                AgentStrategies.DEFAULT);
        return new AgentRun(request, List.of(READ, DELETE, WRITE), List.of(), "ollama/x", Optional.empty(),
                StepListener.NONE);
    }

    private static ToolCall call(ToolDescriptor tool) {
        return new ToolCall("call-" + tool.name(), tool.name(), "{}");
    }

    private static ToolDescriptor tool(String name, boolean readOnly, boolean destructive) {
        return new ToolDescriptor(name, null, "A test tool", ANY, null,
                new ToolDescriptor.Annotations(readOnly, destructive, null, null));
    }
}
