package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.PROVIDER;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ReactiveExecutor;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one branch of a round: asks its backend's gate, calls the backend under the branch's deadlines on the
 * branch's own thread, and leaves a {@link BranchResult} as the body. A decision elsewhere (a {@link Decision})
 * cancels the call by interrupting that thread; every backend stops promptly when interrupted, and the branch is
 * settled as cancelled without waiting for that.
 */
public final class BranchCalls {

    private static final Logger LOG = LoggerFactory.getLogger(BranchCalls.class);

    /** Deadlines per role, and the largest answer Tandem accepts. */
    public record Limits(Deadlines local, Deadlines provider, int maxAnswerChars) {
    }

    private final Limits limits;

    public BranchCalls(Limits limits) {
        this.limits = limits;
    }

    /** The processor of a step's route ({@code direct:llm-local}, ...): the step's branch, under its role's deadlines. */
    public AsyncProcessor branch(String step) {
        Deadlines deadlines = PROVIDER.equals(step) ? limits.provider() : limits.local();
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    return branch(exchange, callback, step, deadlines);
                } catch (RuntimeException e) { // a bug around the call: the route's error handling answers it
                    exchange.setException(e);
                    callback.done(true);
                    return true;
                }
            }
        };
    }

    /**
     * Runs the branch on this thread and settles its exchange with the result; a call cancelled while it runs is
     * settled as cancelled at once, on the cancelling thread's queue, while this thread still waits for the call to
     * stop: the round goes on without waiting for the loser.
     */
    private boolean branch(Exchange exchange, AsyncCallback callback, String step, Deadlines deadlines) {
        PlanRun run = exchange.getProperty(PlanRun.PROPERTY, PlanRun.class);
        ChatPrompt prompt = run.strategy().prompt(run, step, Prompts.grounded(run.request().prompt(), run.passages()));
        BackendGate gate = run.gate(step);
        long start = run.elapsedMs();
        if (prompt.hasImages() && Boolean.FALSE.equals(gate.backend().describe().capabilities().vision())) {
            return settled(exchange, callback, run, new BranchResult(step, gate.backend(), start, 0, null,
                    new BackendException(Kind.REJECTED, gate.backend().id() + " cannot take images (the model has no"
                            + " vision): send the request to a model that has.", "model_without_vision", null, null),
                    List.of()));
        }
        if (!gate.tryAcquire()) {
            return settled(exchange, callback, run, new BranchResult(step, gate.backend(), start, 0, null,
                    gate.refusal(), List.of()));
        }
        boolean stream = run.request().stream();
        List<String> pieces = stream ? Collections.synchronizedList(new ArrayList<>()) : List.of();
        ChatBackend backend = gate.backend();
        long began = System.nanoTime();
        BranchCall call = new BranchCall();
        ReactiveExecutor queue = exchange.getContext().getCamelContextExtension().getReactiveExecutor();
        call.settleWhenCancelled(() -> queue.schedule(() -> {
            exchange.getMessage().setBody(record(run, new BranchResult(step, backend, start,
                    Duration.ofNanos(System.nanoTime() - began).toMillis(), null, notNeeded(),
                    stream ? List.copyOf(pieces) : List.of())));
            callback.done(false);
        }));
        run.started(step, call);
        BackendAnswer answer = null;
        BackendException failure = null;
        try {
            if (call.begin()) {
                // a tool call or a JSON answer is checked whole before the client may see any of it
                boolean relay = !prompt.options().structured();
                answer = stream
                        ? backend.stream(prompt, deadlines, piece -> {
                            pieces.add(piece);
                            if (relay) {
                                run.onPiece(step, piece);
                            }
                        })
                        : backend.chat(prompt, deadlines);
                failure = validate(answer, prompt);
            }
        } catch (BackendException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = unexpected(backend, e);
        } finally {
            if (call.end()) {
                failure = notNeeded();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        if (failure == null) {
            gate.succeeded(took, answer);
        } else if (failure.kind() == Kind.CANCELLED) {
            gate.abandoned();
        } else {
            gate.failed(took, failure);
        }
        if (!call.settleByItself()) {
            return false;
        }
        return settled(exchange, callback, run, new BranchResult(step, backend, start, took.toMillis(),
                failure == null ? answer : null, failure, stream ? List.copyOf(pieces) : List.of()));
    }

    private static BackendException notNeeded() {
        return new BackendException(Kind.CANCELLED, "not needed: another branch decided the answer");
    }

    private static boolean settled(Exchange exchange, AsyncCallback callback, PlanRun run, BranchResult result) {
        exchange.getMessage().setBody(record(run, result));
        callback.done(true);
        return true;
    }

    private BackendException validate(BackendAnswer answer, ChatPrompt prompt) {
        if ((answer.text() == null || answer.text().isBlank()) && !answer.hasToolCalls()) {
            return new BackendException(Kind.EMPTY, "an answer with no text.");
        }
        if (answer.text().length() > limits.maxAnswerChars()) {
            return new BackendException(Kind.TOO_LARGE, "an answer of " + answer.text().length()
                    + " characters; the limit (TANDEM_LLM_MAX_ANSWER_CHARS) is " + limits.maxAnswerChars() + ".");
        }
        return StructureCheck.problem(answer, prompt.options())
                .map(problem -> new BackendException(Kind.INVALID, problem + "."))
                .orElse(null);
    }

    private static BackendException unexpected(ChatBackend backend, Throwable cause) {
        LOG.warn("{} failed unexpectedly", backend.id(), cause);
        return new BackendException(Kind.SERVER_ERROR, "failed unexpectedly; the server log has the details.");
    }

    private static BranchResult record(PlanRun run, BranchResult result) {
        run.finished(result);
        return result;
    }
}
