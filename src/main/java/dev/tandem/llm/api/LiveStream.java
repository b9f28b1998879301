package dev.tandem.llm.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.http.ErrorBody;
import dev.tandem.llm.PlanStep;
import dev.tandem.llm.ToolCall;
import dev.tandem.llm.plan.ClientStream;
import io.vertx.core.http.HttpServerResponse;

/**
 * A {@code stream: true} answer written to the client as server-sent events in the OpenAI chunk format, straight
 * to the Vert.x response so that each piece leaves as it arrives (a route body would be sent only at the end).
 * Thread-safe: a branch's thread writes pieces, the route's thread finishes.
 */
public final class LiveStream implements ClientStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Arguments are sent in pieces of this many characters, as OpenAI streams them. */
    private static final int ARGUMENT_PIECE = 16;

    private final HttpServerResponse response;
    private final String id;
    private final long created;
    private String model;
    private boolean started;

    public LiveStream(HttpServerResponse response, String id, long created, String model) {
        this.response = response;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    public synchronized boolean started() {
        return started;
    }

    /** Whether the client went away: nothing more is worth generating for it. */
    @Override
    public boolean clientGone() {
        return response.closed();
    }

    /** Sends the status line, the headers and the role chunk. */
    @Override
    public synchronized void start(Map<String, String> headers) {
        if (started) {
            return;
        }
        started = true;
        model = headers.getOrDefault("X-Tandem-Winner", model); // the backend that answers, as for JSON answers
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream");
        response.putHeader("Cache-Control", "no-cache");
        headers.forEach(response::putHeader);
        write(chunk(Map.of("role", "assistant", "content", ""), null));
    }

    @Override
    public synchronized void piece(String text) {
        write(chunk(Map.of("content", text), null));
    }

    /**
     * A step of a tool loop as it ends: a chunk with no choices (so OpenAI clients add nothing to the answer, as
     * with the usage chunk) and the step in {@code tandem.step}. The first one starts the stream.
     */
    public synchronized void step(PlanStep step, Map<String, String> headers) {
        start(headers);
        Map<String, Object> chunk = envelope();
        chunk.put("choices", List.of());
        chunk.put("tandem", Map.of("step", step));
        write(chunk);
    }

    /**
     * Tool calls in OpenAI's chunk shape: per call, a first delta with its index, id, type and name, then its
     * arguments in pieces (or the legacy {@code function_call} deltas). Sent only for checked, complete calls.
     */
    public synchronized void toolCalls(List<ToolCall> calls, boolean legacy) {
        for (int index = 0; index < calls.size(); index++) {
            ToolCall call = calls.get(index);
            if (legacy) {
                write(chunk(Map.of("function_call", Map.of("name", call.name(), "arguments", "")), null));
            } else {
                write(chunk(Map.of("tool_calls", List.of(Map.of("index", index, "id", call.id(), "type", "function",
                        "function", Map.of("name", call.name(), "arguments", "")))), null));
            }
            String arguments = call.arguments();
            for (int from = 0; from < arguments.length(); from += ARGUMENT_PIECE) {
                String piece = arguments.substring(from, Math.min(arguments.length(), from + ARGUMENT_PIECE));
                write(chunk(legacy ? Map.of("function_call", Map.of("arguments", piece))
                        : Map.of("tool_calls", List.of(Map.of("index", index, "function",
                                Map.of("arguments", piece)))), null));
            }
        }
    }

    /** The closing chunks: finish reason and Tandem's metadata, usage when asked for, then {@code [DONE]}. */
    public synchronized void finish(String finishReason, Map<String, Object> usage, Map<String, Object> metadata) {
        Map<String, Object> last = chunk(Map.of(), finishReason);
        last.put("tandem", metadata);
        write(last);
        if (usage != null) {
            Map<String, Object> usageChunk = envelope();
            usageChunk.put("choices", List.of());
            usageChunk.put("usage", usage);
            write(usageChunk);
        }
        end();
    }

    /**
     * Ends a stream whose answer could not be completed with an explicit error event and without {@code [DONE]}:
     * never a cut answer that looks complete.
     */
    public synchronized void fail(String type, String code, String message, Map<String, Object> metadata) {
        Map<String, Object> event = ErrorBody.of(message, type, null, code);
        event.put("tandem", metadata);
        write(event);
        if (!response.closed() && !response.ended()) {
            response.end();
        }
    }

    private void end() {
        if (!response.closed() && !response.ended()) {
            response.end("data: [DONE]\n\n");
        }
    }

    private void write(Object data) {
        if (response.closed() || response.ended()) {
            return;
        }
        try {
            response.write("data: " + JSON.writeValueAsString(data) + "\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An answer chunk could not be written as JSON", e);
        }
    }

    private Map<String, Object> chunk(Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        Map<String, Object> chunk = envelope();
        chunk.put("choices", List.of(choice));
        return chunk;
    }

    private Map<String, Object> envelope() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "chat.completion.chunk");
        m.put("created", created);
        m.put("model", model);
        return m;
    }
}
