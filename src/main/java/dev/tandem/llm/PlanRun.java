package dev.tandem.llm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * One request on its way through the {@code llm-chat} flow, shared by the branches of a round (an exchange
 * property): the rounds still to run, every branch's result, the in-flight calls a decision cancels, and the
 * winner. Thread-safe: branches report concurrently.
 */
public final class PlanRun {

    public static final String PROPERTY = "tandemRun";
    public static final String LOCAL = "local";
    public static final String PROVIDER = "provider";
    public static final String MERGE = "merge";

    /** The answer returned to the client, and why it was chosen. */
    public record Winner(BranchResult result, String reason) {
    }

    private final CompletionRequest request;
    private final Strategy strategy;
    private final BackendGate local;
    private final BackendGate provider;
    private final long startNanos = System.nanoTime();
    private final Deque<List<String>> rounds = new ArrayDeque<>();
    private final Map<String, BranchResult> results = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> inFlight = new ConcurrentHashMap<>();
    private final Set<String> degraded = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<PlanStep> extraSteps = Collections.synchronizedList(new ArrayList<>());
    private final Plan planned;
    private volatile List<Passage> passages = List.of();
    private volatile Winner winner;

    /**
     * @param strategy {@code null} when the request addresses one backend directly
     * @param local    {@code null} when the plan has no local branch
     * @param provider {@code null} when the plan has no provider branch
     */
    public PlanRun(CompletionRequest request, Strategy strategy, BackendGate local, BackendGate provider,
            List<List<String>> firstRounds, Plan planned) {
        this.request = request;
        this.strategy = strategy;
        this.local = local;
        this.provider = provider;
        this.rounds.addAll(firstRounds);
        this.planned = planned;
    }

    public CompletionRequest request() {
        return request;
    }

    public Optional<Strategy> strategy() {
        return Optional.ofNullable(strategy);
    }

    public String strategyName() {
        return strategy == null ? "direct" : strategy.value();
    }

    public Plan planned() {
        return planned;
    }

    public BackendGate gate(String step) {
        return switch (step) {
            case PROVIDER -> provider;
            case LOCAL, MERGE -> local;
            default -> throw new IllegalArgumentException(step);
        };
    }

    public boolean has(String step) {
        return gate(step) != null;
    }

    public long elapsedMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    // --- rounds

    public synchronized boolean hasNextRound() {
        return winner == null && !rounds.isEmpty();
    }

    /** The endpoints of the next round, for the recipient list: {@code direct:llm-local,direct:llm-provider}. */
    public synchronized String nextRound() {
        return rounds.poll().stream().map(step -> "direct:llm-" + step).collect(Collectors.joining(","));
    }

    public synchronized void addRound(String... steps) {
        rounds.add(List.of(steps));
    }

    // --- branches

    public void started(String step, Future<?> call) {
        inFlight.put(step, call);
        if (winner != null) {
            call.cancel(true);
        }
    }

    public void finished(BranchResult result) {
        inFlight.remove(result.step());
        results.put(result.step(), result);
    }

    public Optional<BranchResult> result(String step) {
        return Optional.ofNullable(results.get(step));
    }

    /** Chooses the answer and cancels every call still running: they cannot change the outcome any more. */
    public synchronized void decide(BranchResult chosen, String reason) {
        if (winner != null) {
            return;
        }
        winner = new Winner(chosen, reason);
        rounds.clear();
        inFlight.forEach((step, call) -> call.cancel(true));
    }

    public Optional<Winner> winner() {
        return Optional.ofNullable(winner);
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

    public void note(PlanStep step) {
        extraSteps.add(step);
    }

    public List<Passage> passages() {
        return passages;
    }

    /** The plan as it ran: retrieval, then each branch in start order, the winner marked {@code won}. */
    public Plan executed() {
        List<PlanStep> steps = new ArrayList<>(extraSteps);
        results.values().stream().sorted((a, b) -> Long.compare(a.startMs(), b.startMs())).forEach(r -> steps.add(
                r.toStep(winner != null && winner.result() == r ? "won" : r.outcome())));
        return new Plan(strategyName(), steps);
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
