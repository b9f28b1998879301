package dev.tandem.llm.backend.ollama;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.backend.BackendFailures;
import dev.tandem.llm.backend.Waiting;

/**
 * {@code /api/chat} written and read by Tandem itself ({@link OllamaWire}), on the same transport, deadlines and
 * failures as the langchain4j path: every complete answer, and streams whose prompt has tools, tool turns or a JSON
 * format, whose schemas langchain4j would reshape. A streamed answer is complete only at {@code done: true}; tool
 * calls arrive whole in one line.
 */
final class OllamaNativeChat {

    private final String chatUrl;
    private final String model;
    private final Double temperature;
    private final Integer maxTokens;
    private final HttpClient http;
    private final BackendFailures failures;

    OllamaNativeChat(String baseUrl, String model, Double temperature, Integer maxTokens, HttpClient http,
            BackendFailures failures) {
        this.chatUrl = (baseUrl.endsWith("/") ? baseUrl : baseUrl + "/") + "api/chat";
        this.model = model;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.http = http;
        this.failures = failures;
    }

    BackendAnswer chat(ChatPrompt prompt, Deadlines deadlines) {
        return OllamaCall.within(deadlines.total(), () -> {
            String body = http.execute(post(prompt, false)).body();
            JsonNode done = parse(body).orElseThrow(() -> failures.malformed("a body that is not JSON"));
            JsonNode message = done.path("message");
            if (!message.isObject()) {
                throw failures.malformed("JSON that is not an Ollama chat response");
            }
            List<ToolCall> calls = OllamaWire.toolCalls(message.path("tool_calls"));
            String text = message.path("content").asText("");
            if (text.isEmpty() && calls.isEmpty()) {
                throw failures.empty();
            }
            return OllamaWire.answer(done, text, calls);
        });
    }

    BackendAnswer stream(ChatPrompt prompt, Deadlines deadlines, Consumer<String> onToken) {
        Instant firstTokenBy = Instant.now().plus(deadlines.firstToken().compareTo(deadlines.total()) <= 0
                ? deadlines.firstToken() : deadlines.total());
        return OllamaCall.within(deadlines.total(), () -> {
            OllamaCall call = OllamaCall.current(deadlines.total());
            BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
            http.execute(post(prompt, true), null, new ServerSentEventListener() {
                @Override
                public void onEvent(ServerSentEvent event) {
                    lines.add(parse(event.data()).map(Object.class::cast)
                            .orElseGet(() -> failures.malformed("a stream line that is not JSON")));
                }

                @Override
                public void onError(Throwable error) {
                    lines.add(error instanceof BackendException classified ? classified
                            : failures.malformed("a stream Tandem could not read"));
                }
            });
            StringBuilder text = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            while (true) {
                boolean started = text.length() > 0 || !calls.isEmpty();
                Object next = started
                        ? Waiting.forNext(lines, call.deadline(), call::abort,
                                () -> failures.timeout(deadlines.total()), failures)
                        : Waiting.forNext(lines, firstTokenBy, call::abort,
                                () -> failures.firstTokenTimeout(deadlines.firstToken()), failures);
                if (next instanceof BackendException failed) {
                    call.abort();
                    throw failed;
                }
                JsonNode line = (JsonNode) next;
                if (line.path("error").isTextual()) {
                    call.abort();
                    throw failures.forStatus(500, line.path("error").asText(), null, Optional.empty());
                }
                String piece = line.path("message").path("content").asText("");
                if (!piece.isEmpty()) {
                    text.append(piece);
                    onToken.accept(piece);
                }
                calls.addAll(OllamaWire.toolCalls(line.path("message").path("tool_calls")));
                if (line.path("done").asBoolean(false)) {
                    if (text.length() == 0 && calls.isEmpty()) {
                        throw failures.empty();
                    }
                    return OllamaWire.answer(line, text.toString(), calls);
                }
            }
        });
    }

    private HttpRequest post(ChatPrompt prompt, boolean stream) {
        return HttpRequest.builder().method(HttpMethod.POST).url(chatUrl)
                .addHeader("Content-Type", "application/json")
                .body(OllamaWire.request(model, prompt, temperature, maxTokens, stream)).build();
    }

    private static Optional<JsonNode> parse(String json) {
        try {
            return Optional.ofNullable(OllamaWire.JSON.readTree(json)).filter(JsonNode::isObject);
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
