package dev.tandem.llm.backend.openai;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.backend.BackendFailures;

/**
 * An answer assembled from OpenAI's server-sent events, tool calls included. It is complete only when a choice
 * carried a {@code finish_reason} and {@code data: [DONE]} arrived; anything less is a cut stream.
 */
final class OpenAiStreamedAnswer {

    private final BackendFailures failures;
    private final StringBuilder text = new StringBuilder();
    private final StreamedToolCalls calls = new StreamedToolCalls();
    private String finishReason;
    private TokenUsage usage = TokenUsage.NONE;
    private boolean done;
    private boolean metered;

    OpenAiStreamedAnswer(BackendFailures failures) {
        this.failures = failures;
    }

    /** Reads one line of the event stream; returns the text it adds, if any. */
    Optional<String> accept(String line) {
        if (!line.startsWith("data:")) {
            return Optional.empty(); // blank separators, comments, event and id fields carry no answer
        }
        String data = line.substring("data:".length()).trim();
        if (data.equals("[DONE]")) {
            done = true;
            return Optional.empty();
        }
        JsonNode chunk = OpenAiJson.parse(data)
                .orElseThrow(() -> failures.malformed("a stream event that is not JSON"));
        if (chunk.path("usage").isObject()) {
            usage = OpenAiJson.usage(chunk.path("usage"));
            metered = true;
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.path("finish_reason").isTextual()) {
            finishReason = choice.path("finish_reason").asText();
        }
        String piece = choice.path("delta").path("content").asText("");
        calls.accept(choice.path("delta").path("tool_calls"));
        text.append(piece);
        return piece.isEmpty() ? Optional.empty() : Optional.of(piece);
    }

    /** Whether the answer has begun: text or a tool call arrived. */
    boolean hasText() {
        return text.length() > 0 || !calls.isEmpty();
    }

    boolean done() {
        return done;
    }

    /**
     * The answer, when it is complete: a finish reason and {@code [DONE]}, or a finish reason and then the usage
     * (some servers end there, without {@code [DONE]}: nothing of the answer is missing).
     */
    BackendAnswer answer() {
        if (finishReason == null || !(done || metered)) {
            throw failures.cutOff();
        }
        if (text.length() == 0 && calls.isEmpty()) {
            throw failures.empty();
        }
        return new BackendAnswer(text.toString(), finishReason, usage, calls.complete());
    }
}
