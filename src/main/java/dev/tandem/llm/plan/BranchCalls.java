package dev.tandem.llm.plan;

import static dev.tandem.llm.plan.Steps.LOCAL;
import static dev.tandem.llm.plan.Steps.MERGE;
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
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one branch of a round: asks its backend's gate, calls the backend under the branch's deadlines on the
 * branch's own thread, and leaves a {@link BranchResult} as the body. A decision elsewhere (a {@link Decision})
 * cancels the call by interrupting that thread; every backend stops promptly when interrupted.
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

    public void local(Exchange exchange) {
        branch(exchange, LOCAL, limits.local());
    }

    public void provider(Exchange exchange) {
        branch(exchange, PROVIDER, limits.provider());
    }

    public void merge(Exchange exchange) {
        branch(exchange, MERGE, limits.local());
    }

    private void branch(Exchange exchange, String step, Deadlines deadlines) {
        PlanRun run = exchange.getProperty(PlanRun.PROPERTY, PlanRun.class);
        ChatPrompt prompt = run.strategy().prompt(run, step, Prompts.grounded(run.request().prompt(), run.passages()));
        exchange.getMessage().setBody(call(run, step, prompt, deadlines));
    }

    private BranchResult call(PlanRun run, String step, ChatPrompt prompt, Deadlines deadlines) {
        BackendGate gate = run.gate(step);
        long start = run.elapsedMs();
        if (prompt.hasImages() && Boolean.FALSE.equals(gate.backend().describe().capabilities().vision())) {
            return record(run, new BranchResult(step, gate.backend(), start, 0, null, new BackendException(
                    Kind.REJECTED, gate.backend().id() + " cannot take images (the model has no vision): send the"
                            + " request to a model that has.", "model_without_vision", null, null), List.of()));
        }
        if (!gate.tryAcquire()) {
            return record(run, new BranchResult(step, gate.backend(), start, 0, null, gate.refusal(), List.of()));
        }
        boolean stream = run.request().stream();
        List<String> pieces = stream ? Collections.synchronizedList(new ArrayList<>()) : List.of();
        ChatBackend backend = gate.backend();
        BranchCall call = new BranchCall();
        run.started(step, call);
        long began = System.nanoTime();
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
                failure = new BackendException(Kind.CANCELLED, "not needed: another branch decided the answer");
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
        BranchResult result = new BranchResult(step, backend, start, took.toMillis(), failure == null ? answer : null,
                failure, stream ? List.copyOf(pieces) : List.of());
        return record(run, result);
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
