package dev.tandem.llm.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an emulator does with one request. Text answers are streamed word by word (a word and its following space
 * per chunk) when the client asked to stream. Build with the static factories and the {@code with...} methods.
 *
 * @param status        HTTP status; 200 answers with {@code text}, anything else with the protocol's error body
 * @param text          the answer
 * @param errorMessage  the message in an error body (status != 200)
 * @param errorCode     protocol-specific error code or type (e.g. {@code context_length_exceeded},
 *                      {@code ThrottlingException}); {@code null} = the usual one for the status
 * @param headers       extra response headers (e.g. {@code Retry-After})
 * @param firstByte     delay before the status line is sent
 * @param firstToken    extra delay, after the headers, before the first streamed token
 * @param tokenInterval delay between streamed tokens
 * @param cutAfter      when >= 0, a stream is cut (connection closed, no final event) after this many tokens
 * @param rawBody       when not null, sent as the body instead of a well-formed one (malformed responses)
 * @param finishReason  OpenAI vocabulary: stop, length, content_filter; each emulator maps it to its protocol
 * @param inputTokens   usage reported
 * @param outputTokens  usage reported
 * @param toolCalls     tool calls the model makes, each sent in the protocol's own shape (arguments as written,
 *                      valid JSON or not)
 */
public record Reply(int status, String text, String errorMessage, String errorCode, Map<String, String> headers,
        Duration firstByte, Duration firstToken, Duration tokenInterval, int cutAfter, String rawBody,
        String finishReason, int inputTokens, int outputTokens, List<ToolCall> toolCalls) {

    /** A call of {@code name} with {@code arguments} as the model wrote them (JSON text, or anything else). */
    public record ToolCall(String name, String arguments) {
    }

    /** An answer that is only tool calls (no text). */
    public static Reply toolCalls(ToolCall... calls) {
        return new Reply(200, "", null, null, Map.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, -1, null,
                "tool_calls", 11, 7, List.of(calls));
    }

    public static Reply toolCall(String name, String arguments) {
        return toolCalls(new ToolCall(name, arguments));
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    public static Reply text(String text) {
        return new Reply(200, text, null, null, Map.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, -1, null,
                "stop", 11, Math.max(1, text.split("\\s+").length), List.of());
    }

    public static Reply error(int status, String message) {
        return new Reply(status, null, message, null, Map.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, -1, null,
                null, 0, 0, List.of());
    }

    public static Reply malformed(String rawBody) {
        return new Reply(200, null, null, null, Map.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, -1, rawBody,
                null, 0, 0, List.of());
    }

    public Reply withErrorCode(String code) {
        return new Reply(status, text, errorMessage, code, headers, firstByte, firstToken, tokenInterval, cutAfter,
                rawBody, finishReason, inputTokens, outputTokens, toolCalls);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, text, errorMessage, errorCode, Map.copyOf(more), firstByte, firstToken, tokenInterval,
                cutAfter, rawBody, finishReason, inputTokens, outputTokens, toolCalls);
    }

    public Reply after(Duration delay) {
        return new Reply(status, text, errorMessage, errorCode, headers, delay, firstToken, tokenInterval, cutAfter,
                rawBody, finishReason, inputTokens, outputTokens, toolCalls);
    }

    public Reply withFirstTokenAfter(Duration delay) {
        return new Reply(status, text, errorMessage, errorCode, headers, firstByte, delay, tokenInterval, cutAfter,
                rawBody, finishReason, inputTokens, outputTokens, toolCalls);
    }

    public Reply withTokenInterval(Duration interval) {
        return new Reply(status, text, errorMessage, errorCode, headers, firstByte, firstToken, interval, cutAfter,
                rawBody, finishReason, inputTokens, outputTokens, toolCalls);
    }

    public Reply cutAfter(int tokens) {
        return new Reply(status, text, errorMessage, errorCode, headers, firstByte, firstToken, tokenInterval, tokens,
                rawBody, finishReason, inputTokens, outputTokens, toolCalls);
    }

    public Reply withFinishReason(String reason) {
        return new Reply(status, text, errorMessage, errorCode, headers, firstByte, firstToken, tokenInterval, cutAfter,
                rawBody, reason, inputTokens, outputTokens, toolCalls);
    }

    public Reply withUsage(int input, int output) {
        return new Reply(status, text, errorMessage, errorCode, headers, firstByte, firstToken, tokenInterval, cutAfter,
                rawBody, finishReason, input, output, toolCalls);
    }
}
