package dev.tandem.llm.backend.ollama;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ModelDescription;
import dev.tandem.llm.TokenUsage;
import dev.tandem.llm.backend.BackendFailures;
import dev.tandem.llm.backend.Endpoints;
import dev.tandem.llm.backend.Waiting;

/**
 * A model served by Ollama: complete answers on Tandem's own {@code /api/chat} wire ({@link OllamaNativeChat}), streamed
 * ones through langchain4j-ollama unless the prompt needs the native wire. Streamed tokens reach {@code onToken} on
 * the calling thread; while a stream is read, one JDK HttpClient thread per stream parses Ollama's NDJSON.
 */
public final class OllamaBackend implements ChatBackend {

    private final String model;
    private final BackendFailures failures;
    private final OllamaStreamingChatModel streamingModel;
    private final OllamaModelDescriber describer;
    private final OllamaNativeChat nativeChat;

    /** {@code temperature} and {@code maxTokens} are the defaults for prompts that do not set them ({@code null}: Ollama's). */
    public OllamaBackend(String baseUrl, String model, Double temperature, Integer maxTokens) {
        this.model = model;
        this.failures = new BackendFailures("Ollama", "TANDEM_OLLAMA_URL", Endpoints.withoutCredentials(baseUrl));
        this.streamingModel = OllamaStreamingChatModel.builder()
                .httpClientBuilder(new OllamaHttpClientBuilder(failures))
                .baseUrl(baseUrl).modelName(model).temperature(temperature).numPredict(maxTokens)
                .build();
        this.nativeChat = new OllamaNativeChat(baseUrl, model, temperature, maxTokens,
                new OllamaHttpClientBuilder(failures).build(), failures);
        this.describer = new OllamaModelDescriber(baseUrl, model, temperature, maxTokens,
                new OllamaHttpClientBuilder(failures));
    }

    @Override
    public String kind() {
        return "ollama";
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public Role role() {
        return Role.LOCAL;
    }

    @Override
    public BackendAnswer chat(ChatPrompt prompt, Deadlines deadlines) {
        // every answer on Tandem's own wire: langchain4j's chat model took three times its CPU (JFR, 64 clients)
        return nativeChat.chat(prompt, deadlines);
    }

    @Override
    public BackendAnswer stream(ChatPrompt prompt, Deadlines deadlines, Consumer<String> onToken) {
        if (needsNativeWire(prompt)) {
            return nativeChat.stream(prompt, deadlines, onToken);
        }
        Instant firstTokenBy = Instant.now().plus(min(deadlines.firstToken(), deadlines.total()));
        return OllamaCall.within(deadlines.total(), () -> {
            OllamaCall call = OllamaCall.current(deadlines.total());
            BlockingQueue<StreamedPiece> pieces = new LinkedBlockingQueue<>();
            streamingModel.chat(request(prompt), new StreamedPieces(pieces, failures));
            boolean started = false;
            while (true) {
                StreamedPiece piece = started
                        ? Waiting.forNext(pieces, call.deadline(), call::abort,
                                () -> failures.timeout(deadlines.total()), failures)
                        : Waiting.forNext(pieces, firstTokenBy, call::abort,
                                () -> failures.firstTokenTimeout(deadlines.firstToken()), failures);
                started = true;
                if (piece instanceof StreamedPiece.Token token) {
                    onToken.accept(token.text());
                } else if (piece instanceof StreamedPiece.Complete complete) {
                    return answer(complete.response());
                } else {
                    throw ((StreamedPiece.Failed) piece).failure();
                }
            }
        });
    }

    @Override
    public ModelDescription describe() {
        return describer.describe();
    }

    private BackendAnswer answer(ChatResponse response) {
        AiMessage message = response.aiMessage();
        if (message == null || message.text() == null || message.text().isEmpty()) {
            throw failures.empty();
        }
        return new BackendAnswer(message.text(), finishReason(response.finishReason()), usage(response));
    }

    private static TokenUsage usage(ChatResponse response) {
        dev.langchain4j.model.output.TokenUsage counted = response.tokenUsage();
        Map<String, Long> reported = new LinkedHashMap<>();
        if (counted != null && counted.inputTokenCount() != null) {
            reported.put("prompt_eval_count", counted.inputTokenCount().longValue());
        }
        if (counted != null && counted.outputTokenCount() != null) {
            reported.put("eval_count", counted.outputTokenCount().longValue());
        }
        return new TokenUsage(reported.getOrDefault("prompt_eval_count", 0L),
                reported.getOrDefault("eval_count", 0L), reported);
    }

    private static String finishReason(FinishReason reason) {
        return reason == FinishReason.LENGTH ? "length" : "stop";
    }

    private static ChatRequest request(ChatPrompt prompt) {
        List<dev.langchain4j.data.message.ChatMessage> messages = prompt.messages().stream()
                .map(OllamaBackend::message).toList();
        return ChatRequest.builder().messages(messages)
                .temperature(prompt.temperature()).maxOutputTokens(prompt.maxTokens()).build();
    }

    private static dev.langchain4j.data.message.ChatMessage message(ChatMessage message) {
        return switch (message.role()) {
            case "system" -> SystemMessage.from(message.content());
            case "assistant" -> AiMessage.from(message.content());
            default -> UserMessage.from(message.content());
        };
    }

    /** Tools, tool turns, images, a JSON format or sampling settings, which langchain4j would reshape or drop. */
    private static boolean needsNativeWire(ChatPrompt prompt) {
        return !prompt.options().equals(ChatOptions.NONE) || prompt.hasImages() || prompt.messages().stream()
                .anyMatch(m -> !m.toolCalls().isEmpty() || "tool".equals(m.role()));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
