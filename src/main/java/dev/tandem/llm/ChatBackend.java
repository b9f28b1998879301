package dev.tandem.llm;

import java.util.function.Consumer;

/**
 * One model behind one protocol, built once from configuration. Calls block the calling thread, return a complete
 * answer or throw {@link BackendException}, and stop promptly when the thread is interrupted (a losing branch).
 */
public interface ChatBackend {

    enum Role { LOCAL, PROVIDER }

    /** {@code <kind>/<model>}, e.g. {@code ollama/llama3.2}: how clients address this backend alone. */
    default String id() {
        return kind() + "/" + model();
    }

    /** {@code ollama}, {@code bedrock} or {@code openai}. */
    String kind();

    String model();

    Role role();

    /** One request, one complete answer. */
    BackendAnswer chat(ChatPrompt prompt, Deadlines deadlines);

    /**
     * The backend's streaming protocol: each piece of text goes to {@code onToken} as it arrives; the complete answer
     * is returned only when the backend said it is complete ({@link BackendException.Kind#CUT_OFF} otherwise).
     */
    BackendAnswer stream(ChatPrompt prompt, Deadlines deadlines, Consumer<String> onToken);

    /** What is known about the model without calling it per request (Ollama's {@code /api/show} where available). */
    ModelDescription describe();
}
