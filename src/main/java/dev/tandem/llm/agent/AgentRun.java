package dev.tandem.llm.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.Plan;
import dev.tandem.llm.PlanStep;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.plan.BranchResult;
import dev.tandem.llm.plan.PlanRun;
import dev.tandem.tool.ToolDescriptor;

/**
 * One request's tool loop: the conversation so far, every step as it ended, the model turns, what was spent, and how
 * it ended (an answer, a budget, or a turn no model could answer). Steps are added from the tool threads too.
 */
public final class AgentRun implements AgentProgress {

    /** The exchange property that carries the finished run to the HTTP writer. */
    public static final String PROPERTY = "tandemAgentRun";

    private final AgentRequest request;
    private final List<ToolDescriptor> offered;
    private final String localModel;
    private final Optional<String> providerModel;
    private final StepListener listener;
    private final long startNanos = System.nanoTime();
    private final List<ChatMessage> conversation = new ArrayList<>();
    private final List<PlanStep> steps = Collections.synchronizedList(new ArrayList<>());
    private final List<TurnResult> turns = new ArrayList<>();
    private final List<BranchResult> readings = new ArrayList<>();
    /** Time and provider tokens spent in the earlier rounds of a resumed run. */
    private final long earlierMs;
    private final long earlierProviderTokens;
    private final int earlierTurns;
    private int toolCalls;
    private String answer;
    private String stoppedBy;

    AgentRun(AgentRequest request, List<ToolDescriptor> offered, List<ChatMessage> opening, String localModel,
            Optional<String> providerModel, StepListener listener) {
        this(request, offered, new Checkpoint(opening, List.of(), null, null, null, 0, 0, List.of(), 0, 0),
                localModel, providerModel, listener);
    }

    /** The run as {@code at} left it: its conversation, counts, steps, time and provider tokens. */
    AgentRun(AgentRequest request, List<ToolDescriptor> offered, Checkpoint at, String localModel,
            Optional<String> providerModel, StepListener listener) {
        this.request = request;
        this.offered = List.copyOf(offered);
        this.localModel = localModel;
        this.providerModel = providerModel;
        this.listener = listener;
        this.conversation.addAll(at.conversation());
        this.steps.addAll(at.steps());
        this.toolCalls = at.toolCalls();
        this.earlierMs = at.elapsedMs();
        this.earlierProviderTokens = at.providerTokens();
        this.earlierTurns = at.turns();
    }

    /** This run waiting for approvals of the {@code calls} model {@code askedBy} asked for in its last turn. */
    synchronized Checkpoint checkpoint(List<ToolCall> calls, String askedBy, Optional<Turn> next, String text) {
        return new Checkpoint(List.copyOf(conversation), calls, askedBy, next.orElse(null), text, turnCount(),
                toolCalls, plan().steps(), providerTokens(), elapsedMs());
    }

    @Override
    public AgentRequest request() {
        return request;
    }

    @Override
    public String localModel() {
        return localModel;
    }

    @Override
    public Optional<String> providerModel() {
        return providerModel;
    }

    @Override
    public synchronized int toolCalls() {
        return toolCalls;
    }

    public List<ToolDescriptor> offered() {
        return offered;
    }

    long elapsedMs() {
        return earlierMs + (System.nanoTime() - startNanos) / 1_000_000;
    }

    synchronized List<ChatMessage> conversation() {
        return List.copyOf(conversation);
    }

    synchronized void said(ChatMessage message) {
        conversation.add(message);
    }

    synchronized void counted(int calls) {
        toolCalls += calls;
    }

    void step(PlanStep step) {
        steps.add(step);
        listener.step(step);
    }

    synchronized void turned(TurnResult turn) {
        turns.add(turn);
    }

    /** The turns of this request's round (a resumed run does not have those of the earlier rounds). */
    public synchronized List<TurnResult> turns() {
        return List.copyOf(turns);
    }

    /** How many model turns the run took, over every round. */
    synchronized int turnCount() {
        return earlierTurns + turns.size();
    }

    /** Tokens the provider was paid for over every turn (input and output). */
    public synchronized long providerTokens() {
        return earlierProviderTokens + turns.stream().flatMap(t -> t.run().answered().stream())
                .filter(r -> r.backend().role() == ChatBackend.Role.PROVIDER)
                .mapToLong(r -> r.answer().usage().totalTokens()).sum();
    }

    /** The local model's reading of a long tool result ({@link LongResults}). */
    synchronized void read(BranchResult reading) {
        readings.add(reading);
    }

    /** Every backend answer of every turn and every reading: what the tokens and cost are counted from. */
    public synchronized List<BranchResult> answered() {
        List<BranchResult> all = new ArrayList<>(turns.stream().flatMap(t -> t.run().answered().stream()).toList());
        all.addAll(readings);
        return all;
    }

    synchronized void answered(String text) {
        answer = text;
    }

    synchronized void stopped(String budget, String text) {
        stoppedBy = budget;
        answer = text;
    }

    /** The answer, when the run ended with one (a model's, or one saying which budget ended it). */
    public synchronized Optional<String> answer() {
        return Optional.ofNullable(answer);
    }

    /** The budget that ended the run: steps, tool_calls, time or provider_tokens; empty when a model answered. */
    public synchronized Optional<String> stoppedBy() {
        return Optional.ofNullable(stoppedBy);
    }

    /** The last turn, when no model could answer it (the run ends with that failure). */
    public synchronized Optional<PlanRun> failedTurn() {
        if (answer != null || turns.isEmpty()) {
            return Optional.empty();
        }
        TurnResult last = turns.get(turns.size() - 1);
        return last.answered() ? Optional.empty() : Optional.of(last.run());
    }

    /** The model that wrote the answer: the last turn's winner. */
    public synchronized Optional<String> answeredBy() {
        return turns.isEmpty() || stoppedBy != null ? Optional.empty()
                : Optional.of(turns.get(turns.size() - 1).model()).filter(m -> answer != null);
    }

    public Plan plan() {
        synchronized (steps) {
            return new Plan(request.strategy().name(), List.copyOf(steps));
        }
    }
}
