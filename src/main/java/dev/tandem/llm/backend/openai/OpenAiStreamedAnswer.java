package dev.tandem.llm.backend.openai;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.backend.BackendFailures;

/**
 * An answer assembled from OpenAI's server-sent events. It is complete only when a choice carried a
 * {@code finish_reason} and {@code data: [DONE]} arrived; anything less is a cut stream.
 */
final class OpenAiStreamedAnswer {

    private final BackendFailures failures;
    private final StringBuilder text = new StringBuilder();
    private String finishReason;
    private TokenUsage usage = TokenUsage.NONE;
    private boolean done;

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
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.path("finish_reason").isTextual()) {
            finishReason = choice.path("finish_reason").asText();
        }
        String piece = choice.path("delta").path("content").asText("");
        text.append(piece);
        return piece.isEmpty() ? Optional.empty() : Optional.of(piece);
    }

    boolean hasText() {
        return text.length() > 0;
    }

    boolean done() {
        return done;
    }

    BackendAnswer answer() {
        if (!done || finishReason == null) {
            throw failures.cutOff();
        }
        if (text.length() == 0) {
            throw failures.empty();
        }
        return new BackendAnswer(text.toString(), finishReason, usage);
    }
}
