package dev.tandem.llm.plan;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendGate;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ModelDescription;
import dev.tandem.llm.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A backend's identity only ({@code <kind>/m}): planning and the strategies never call a backend. */
record NamedBackend(String kind, ChatBackend.Role role) implements ChatBackend {

    static BackendGate gate(String kind, ChatBackend.Role role) {
        return new BackendGate(new NamedBackend(kind, role), new BackendGate.Settings(3, Duration.ofSeconds(30)),
                new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /** What a branch reports when its backend answered. */
    static BranchResult answered(String step, BackendGate gate, long startMs, String text) {
        return new BranchResult(step, gate.backend(), startMs, 10, new BackendAnswer(text, "stop",
                new TokenUsage(3, 4, Map.of())), null, List.of());
    }

    /** What a branch reports when its backend failed. */
    static BranchResult failed(String step, BackendGate gate, long startMs, BackendException.Kind kind) {
        return new BranchResult(step, gate.backend(), startMs, 10, null, new BackendException(kind, kind + " here"),
                List.of());
    }

    @Override
    public String model() {
        return "m";
    }

    @Override
    public BackendAnswer chat(ChatPrompt prompt, Deadlines deadlines) {
        throw new UnsupportedOperationException();
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
