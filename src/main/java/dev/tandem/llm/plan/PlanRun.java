package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.MERGE;
import static dev.tandem.llm.plan.Steps.PROVIDER;
import static dev.tandem.llm.plan.Steps.READ;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.Plan;
import dev.tandem.llm.PlanStep;

/**
 * One request on its way through the {@code llm-chat} flow, shared by the branches of a round (an exchange
 * property): the rounds still to run, every branch's result, the in-flight calls a decision cancels, and the
 * winner. Its {@link Strategy} decides; the run records and applies the decisions. Thread-safe: branches report
 * concurrently.
 */
public final class PlanRun implements Progress {

    public static final String PROPERTY = "tandemRun";

    /** The answer returned to the client, and why it was chosen. */
    public record Winner(BranchResult result, String reason) {
    }

    private final CompletionRequest request;
    private volatile Strategy strategy;
    private final BackendGate local;
    private final BackendGate provider;
    private final AnswerCheck check;
    private final long startNanos = System.nanoTime();
    private final Deque<List<String>> rounds = new ArrayDeque<>();
    private final Map<String, BranchResult> results = new ConcurrentHashMap<>();
    private final Map<String, BranchCall> inFlight = new ConcurrentHashMap<>();
    private final Set<String> degraded = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<PlanStep> extraSteps = Collections.synchronizedList(new ArrayList<>());
    private final Plan planned;
    private final ClientStream live;
    private final Map<String, List<String>> streamed = new ConcurrentHashMap<>();
    private volatile List<Passage> passages = List.of();
    private volatile Winner winner;
    private volatile String committed;

    /**
     * @param local    {@code null} when the plan has no local branch
     * @param provider {@code null} when the plan has no provider branch
     * @param live     the client's event stream for {@code stream: true} chat completions, else {@code null}
     */
    PlanRun(CompletionRequest request, Strategy strategy, BackendGate local, BackendGate provider,
            List<String> firstRound, Plan planned, ClientStream live, AnswerCheck check) {
        this.request = request;
        this.strategy = strategy;
        this.local = local;
        this.provider = provider;
        this.rounds.add(firstRound);
        this.planned = planned;
        this.live = live;
        this.check = check;
    }

    @Override
    public CompletionRequest request() {
        return request;
    }

    public Strategy strategy() {
        return strategy;
    }

    public Plan planned() {
        return planned;
    }

    public BackendGate gate(String step) {
        return switch (step) {
            case PROVIDER -> provider;
            case LOCAL, MERGE, READ -> local;
            default -> throw new IllegalArgumentException(step);
        };
    }

    @Override
    public boolean has(String step) {
        return gate(step) != null;
    }

    @Override
    public long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public AnswerCheck.Verdict check(BackendAnswer answer) {
        return check.judge(answer);
    }

    /** Before the first round: the request runs under another strategy, and the plan says why (minions, short context). */
    synchronized void replan(Strategy instead, PlanStep why) {
        strategy = instead;
        rounds.clear();
        rounds.add(instead.firstRound());
        extraSteps.add(why);
    }

    // --- rounds

    synchronized boolean hasNextRound() {
        return winner == null && !rounds.isEmpty();
    }

    /** The endpoints of the next round, for the recipient list: {@code direct:llm-local,direct:llm-provider}. */
    synchronized String nextRound() {
        return rounds.poll().stream().map(Steps::endpoint).collect(Collectors.joining(","));
    }

    // --- branches

    void started(String step, BranchCall call) {
        inFlight.put(step, call);
        if (winner != null) {
            call.cancel();
        }
    }

    public void finished(BranchResult result) {
        inFlight.remove(result.step());
        results.put(result.step(), result);
    }

    @Override
    public Optional<BranchResult> result(String step) {
        return Optional.ofNullable(results.get(step));
    }

    /** Applies a strategy's decision: its notes and flags, then its next round or its winner. */
    synchronized void apply(Decision decision) {
        extraSteps.addAll(decision.notes());
        degraded.addAll(decision.degraded());
        if (!decision.nextRound().isEmpty()) {
            rounds.add(decision.nextRound());
        }
        if (decision.winner() != null) {
            decide(decision.winner(), decision.reason());
        }
    }

    /** Chooses the answer and cancels every call still running: they cannot change the outcome any more. */
    private void decide(BranchResult chosen, String reason) {
        if (winner != null) {
            return;
        }
        winner = new Winner(chosen, reason);
        rounds.clear();
        inFlight.forEach((step, call) -> call.cancel());
    }

    public Optional<Winner> winner() {
        return Optional.ofNullable(winner);
    }

    /** Ends the run without a winner: the branch the client was watching failed, so nothing else may follow it. */
    synchronized void abandon() {
        rounds.clear();
        inFlight.forEach((step, call) -> call.cancel());
    }

    // --- live streaming: the client sees a branch's pieces as they arrive once the run commits to that branch

    Optional<String> committed() {
        return Optional.ofNullable(committed);
    }

    /**
     * A piece of a streamed answer. The first piece of a branch the strategy may commit to starts the client's
     * stream (with that branch's earlier pieces) and cancels the other branches; later pieces follow live.
     */
    void onPiece(String step, String piece) {
        if (live == null) {
            return;
        }
        synchronized (this) {
            streamed.computeIfAbsent(step, s -> new ArrayList<>()).add(piece);
            if (committed == null && winner == null && strategy.mayCommit(this, step)) {
                committed = step;
                rounds.clear();
                inFlight.forEach((other, call) -> {
                    if (!other.equals(step)) {
                        call.cancel();
                    }
                });
                live.start(Map.of("X-Tandem-Strategy", strategy.name(), "X-Tandem-Winner",
                        gate(step).backend().id(), "X-Tandem-Streamed", "live"));
                streamed.get(step).forEach(live::piece);
            } else if (step.equals(committed)) {
                live.piece(piece);
            }
        }
        if (live.clientGone()) {
            abandon();
        }
    }

    public void degrade(String flag) {
        degraded.add(flag);
    }

    public List<String> degraded() {
        synchronized (degraded) {
            return List.copyOf(degraded);
        }
    }

    // --- context

    public void grounded(List<Passage> found, PlanStep retrieval) {
        passages = List.copyOf(found);
        extraSteps.add(retrieval);
    }

    /** The context the prompts carry from now on: the passages as the local model condensed them (minions). */
    void condensed(List<Passage> kept) {
        passages = List.copyOf(kept);
    }

    public void note(PlanStep step) {
        extraSteps.add(step);
    }

    @Override
    public List<Passage> passages() {
        return passages;
    }

    /** The plan as it ran, every step in start order, the winner marked {@code won}. */
    public Plan executed() {
        List<PlanStep> steps = new ArrayList<>(extraSteps);
        results.values().forEach(r -> steps.add(r.toStep(winner != null && winner.result() == r ? "won" : r.outcome())));
        steps.sort(Comparator.comparingLong(PlanStep::startMs));
        return new Plan(strategy.name(), steps);
    }

    public List<BranchResult> answered() {
        return results.values().stream().filter(BranchResult::ok)
                .sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).toList();
    }

    public List<BranchResult> failures() {
        return results.values().stream().filter(r -> !r.ok())
                .sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).toList();
    }
}
