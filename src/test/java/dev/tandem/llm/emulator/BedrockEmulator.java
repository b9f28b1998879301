package dev.tandem.llm.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.Violations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Amazon Bedrock Runtime on 127.0.0.1, wire-exact for Converse ({@code POST /model/{id}/converse}, JSON) and
 * ConverseStream ({@code POST /model/{id}/converse-stream}, AWS event-stream frames), so tests drive the real AWS
 * SDK through Camel. Delays use Vert.x timers, never a blocked thread, so it keeps up with benchmarks. Like Bedrock, it
 * answers 403 to a request whose SigV4 signature is not by the configured key for the configured region, and 400 to
 * a model id other than the configured one; each is recorded as a {@link Violations violation}.
 */
public final class BedrockEmulator implements AutoCloseable {

    private static final Function<EmulatedRequest, Reply> DEFAULT_RESPONDER =
            request -> Reply.text("Hello from the Bedrock emulator.");
    private static final Pattern MODEL_PATH = Pattern.compile("/model/([^/]+)/(converse|converse-stream)");
    private static final Pattern AFTER_WHITESPACE = Pattern.compile("(?<=\\s)(?=\\S)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HTTP2_INTERNAL_ERROR = 2;

    private final Vertx vertx;
    private final HttpServer server;
    private final List<EmulatedRequest> requests = new ArrayList<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final Violations violations = new Violations();
    private final SigV4 signature;
    private final String modelId;
    private volatile Function<EmulatedRequest, Reply> responder = DEFAULT_RESPONDER;

    private BedrockEmulator(Vertx vertx, String modelId, SigV4 signature) {
        this.vertx = vertx;
        this.modelId = modelId;
        this.signature = signature;
        this.server = vertx.createHttpServer().requestHandler(this::receive);
    }

    /** An emulator that serves {@code modelId} to requests signed with this key pair for {@code region}. */
    public static BedrockEmulator start(String modelId, String accessKeyId, String secretAccessKey, String region) {
        BedrockEmulator emulator = new BedrockEmulator(Vertx.vertx(), modelId,
                new SigV4(accessKeyId, secretAccessKey, region, "bedrock"));
        await(emulator.server.listen(0, "127.0.0.1"));
        return emulator;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public void respond(Function<EmulatedRequest, Reply> responder) {
        this.responder = responder;
    }

    public int requestCount() {
        return requestCount.get();
    }

    /** Requests that differ from what the configuration says; a test's teardown asserts there are none. */
    public Violations violations() {
        return violations;
    }

    public List<EmulatedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void reset() {
        synchronized (requests) {
            requests.clear();
        }
        requestCount.set(0);
        responder = DEFAULT_RESPONDER;
    }

    @Override
    public void close() {
        await(server.close());
        await(vertx.close());
    }

    private void receive(HttpServerRequest request) {
        long receivedAt = System.nanoTime();
        request.body().onSuccess(body -> {
            var operation = MODEL_PATH.matcher(request.path());
            if (!operation.matches()) {
                sendError(request.response(), 404, "UnknownOperationException", "No such operation: " + request.path());
                return;
            }
            var signatureProblem = signature.problem(request, body.getBytes());
            if (signatureProblem.isPresent()) {
                violations.add(request.path() + ": " + signatureProblem.get());
                sendError(request.response(), 403, "InvalidSignatureException", "The request signature we calculated"
                        + " does not match the signature you provided.");
                return;
            }
            String model = java.net.URLDecoder.decode(operation.group(1), StandardCharsets.UTF_8);
            if (!model.equals(modelId)) {
                violations.add("a call to model '" + model + "' where the configuration says '" + modelId + "'");
                sendError(request.response(), 400, "ValidationException", "The provided model identifier is invalid.");
                return;
            }
            JsonNode json;
            try {
                json = JSON.readTree(body.getBytes());
            } catch (IOException e) {
                sendError(request.response(), 400, "ValidationException", "Malformed input request.");
                return;
            }
            checkToolsOnTheWire(json);
            EmulatedRequest received = new EmulatedRequest(request.path(), json,
                    operation.group(2).equals("converse-stream"));
            synchronized (requests) {
                requests.add(received);
            }
            requestCount.incrementAndGet();
            Reply reply = responder.apply(received);
            later(reply.firstByte(), () -> answer(request.response(), received, reply, receivedAt));
        });
    }

    private void answer(HttpServerResponse response, EmulatedRequest received, Reply reply, long receivedAt) {
        if (response.closed()) {
            return;
        }
        reply.headers().forEach(response::putHeader);
        if (reply.status() != 200) {
            sendError(response, reply.status(), errorType(reply), errorMessage(reply), reply.rawBody());
        } else if (received.stream()) {
            new EventStream(response, reply, receivedAt).begin();
        } else {
            sendConverse(response, reply, receivedAt);
        }
    }

    /** A non-streamed answer arrives after the time the model would have taken to generate it. */
    private void sendConverse(HttpServerResponse response, Reply reply, long receivedAt) {
        List<String> words = words(reply);
        Duration generation = reply.firstToken().plus(reply.tokenInterval().multipliedBy(Math.max(0, words.size() - 1)));
        later(generation, () -> {
            if (response.closed()) {
                return;
            }
            response.putHeader("Content-Type", "application/json");
            if (reply.rawBody() != null) {
                response.end(reply.rawBody());
                return;
            }
            String body = converseBody(reply, receivedAt);
            if (reply.cutAfter() >= 0) {
                cut(response, response.setChunked(true).write(body.substring(0, body.length() / 2)));
                return;
            }
            response.end(body);
        });
    }

    /**
     * As Converse validates them: each tool is {@code {toolSpec: {name, inputSchema: {json}}}}; a history with
     * toolUse or toolResult blocks comes with a toolConfig; each toolResult answers an earlier toolUse.
     */
    private void checkToolsOnTheWire(JsonNode body) {
        JsonNode tools = body.path("toolConfig").path("tools");
        for (JsonNode tool : tools) {
            if (!tool.path("toolSpec").path("name").isTextual()
                    || !tool.path("toolSpec").path("inputSchema").path("json").isObject()) {
                violations.add("a tool not in Converse's shape {toolSpec: {name, inputSchema: {json}}}: " + tool);
            }
        }
        java.util.Set<String> uses = new java.util.HashSet<>();
        boolean toolTurns = false;
        for (JsonNode message : body.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if (block.has("toolUse")) {
                    toolTurns = true;
                    uses.add(block.path("toolUse").path("toolUseId").asText());
                    if (!block.path("toolUse").path("input").isObject()) {
                        violations.add("a toolUse whose input is not an object: " + block);
                    }
                }
                if (block.has("toolResult")) {
                    toolTurns = true;
                    if (!uses.contains(block.path("toolResult").path("toolUseId").asText())) {
                        violations.add("a toolResult for '" + block.path("toolResult").path("toolUseId").asText()
                                + "', which no earlier toolUse made");
                    }
                }
            }
        }
        if (toolTurns && tools.isEmpty()) {
            violations.add("toolUse or toolResult blocks without a toolConfig (Converse refuses them)");
        }
    }

    private static String converseBody(Reply reply, long receivedAt) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode message = body.putObject("output").putObject("message").put("role", "assistant");
        if (!reply.text().isEmpty() || !reply.hasToolCalls()) {
            message.withArrayProperty("content").addObject().put("text", reply.text());
        }
        for (int i = 0; i < reply.toolCalls().size(); i++) {
            Reply.ToolCall call = reply.toolCalls().get(i);
            ObjectNode use = message.withArrayProperty("content").addObject().putObject("toolUse")
                    .put("toolUseId", toolUseId(i)).put("name", call.name());
            use.set("input", input(call.arguments()));
        }
        body.put("stopReason", reply.hasToolCalls() ? "tool_use" : stopReason(reply.finishReason()));
        body.set("usage", usage(reply));
        body.set("metrics", metrics(receivedAt));
        return body.toString();
    }

    /** One streamed answer: messageStart at once, then one contentBlockDelta per word, then the closing events. */
    private final class EventStream {

        private final HttpServerResponse response;
        private final Reply reply;
        private final List<String> words;
        private final long receivedAt;
        private Future<Void> written;

        EventStream(HttpServerResponse response, Reply reply, long receivedAt) {
            this.response = response;
            this.reply = reply;
            this.words = words(reply);
            this.receivedAt = receivedAt;
        }

        void begin() {
            response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/vnd.amazon.eventstream");
            if (reply.rawBody() != null) {
                response.end(reply.rawBody());
                return;
            }
            written = response.write(frame("messageStart", JSON.createObjectNode().put("role", "assistant")));
            later(reply.firstToken(), () -> send(0));
        }

        private void send(int index) {
            if (response.closed()) {
                return;
            }
            if (index == reply.cutAfter()) {
                cut(response, written);
                return;
            }
            if (index == words.size()) {
                finish();
                return;
            }
            ObjectNode delta = JSON.createObjectNode().put("contentBlockIndex", 0);
            delta.putObject("delta").put("text", words.get(index));
            written = response.write(frame("contentBlockDelta", delta));
            later(index + 1 < words.size() ? reply.tokenInterval() : Duration.ZERO, () -> send(index + 1));
        }

        private void finish() {
            response.write(frame("contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", 0)));
            for (int i = 0; i < reply.toolCalls().size(); i++) {
                Reply.ToolCall call = reply.toolCalls().get(i);
                int block = i + 1;
                ObjectNode start = JSON.createObjectNode().put("contentBlockIndex", block);
                start.putObject("start").putObject("toolUse").put("toolUseId", toolUseId(i)).put("name", call.name());
                response.write(frame("contentBlockStart", start));
                for (int from = 0; from < call.arguments().length(); from += 8) {
                    ObjectNode delta = JSON.createObjectNode().put("contentBlockIndex", block);
                    delta.putObject("delta").putObject("toolUse").put("input",
                            call.arguments().substring(from, Math.min(call.arguments().length(), from + 8)));
                    response.write(frame("contentBlockDelta", delta));
                }
                response.write(frame("contentBlockStop", JSON.createObjectNode().put("contentBlockIndex", block)));
            }
            response.write(frame("messageStop", JSON.createObjectNode().put("stopReason",
                    reply.hasToolCalls() ? "tool_use" : stopReason(reply.finishReason()))));
            ObjectNode metadata = JSON.createObjectNode();
            metadata.set("usage", usage(reply));
            metadata.set("metrics", metrics(receivedAt));
            response.end(frame("metadata", metadata));
        }
    }

    /** Once what was written has left: RST_STREAM on HTTP/2, so other streams on the connection live on; a closed connection on HTTP/1.1. */
    private static void cut(HttpServerResponse response, Future<Void> lastWrite) {
        lastWrite.onComplete(done -> response.reset(HTTP2_INTERNAL_ERROR));
    }

    private static Buffer frame(String eventType, JsonNode payload) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(eventType));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        headers.put(":message-type", HeaderValue.fromString("event"));
        ByteBuffer encoded = new Message(headers, payload.toString().getBytes(StandardCharsets.UTF_8)).toByteBuffer();
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return Buffer.buffer(bytes);
    }

    private static void sendError(HttpServerResponse response, int status, String type, String message) {
        sendError(response, status, type, message, null);
    }

    private static void sendError(HttpServerResponse response, int status, String type, String message, String rawBody) {
        response.setStatusCode(status)
                .putHeader("x-amzn-ErrorType", type)
                .putHeader("Content-Type", "application/json")
                .end(rawBody != null ? rawBody : JSON.createObjectNode().put("message", message).toString());
    }

    private static String errorType(Reply reply) {
        if (reply.errorCode() == null) {
            return switch (reply.status()) {
                case 400 -> "ValidationException";
                case 403 -> "AccessDeniedException";
                case 404 -> "ResourceNotFoundException";
                case 408 -> "ModelTimeoutException";
                case 424 -> "ModelErrorException";
                case 429 -> "ThrottlingException";
                case 503 -> "ServiceUnavailableException";
                default -> "InternalServerException";
            };
        }
        return switch (reply.errorCode()) {
            case "context_length_exceeded", "content_policy_violation" -> "ValidationException";
            default -> reply.errorCode();
        };
    }

    private static String errorMessage(Reply reply) {
        if (reply.errorMessage() != null) {
            return reply.errorMessage();
        }
        if ("context_length_exceeded".equals(reply.errorCode())) {
            return "Input is too long for requested model.";
        }
        if ("content_policy_violation".equals(reply.errorCode())) {
            return "This request has been blocked by our content filters.";
        }
        return switch (reply.status()) {
            case 429 -> "Too many requests, please wait before trying again.";
            case 503 -> "Bedrock is unable to process your request.";
            default -> "The server encountered an internal error while processing the request.";
        };
    }

    private static String stopReason(String finishReason) {
        return switch (finishReason == null ? "stop" : finishReason) {
            case "length" -> "max_tokens";
            case "content_filter" -> "content_filtered";
            default -> "end_turn";
        };
    }

    private static String toolUseId(int index) {
        return "tooluse_emulated_" + index;
    }

    /** A tool's input as the model wrote it: JSON, or (for an invalid call) the text as a string. */
    private static JsonNode input(String arguments) {
        try {
            return JSON.readTree(arguments);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(arguments);
        }
    }

    private static ObjectNode usage(Reply reply) {
        return JSON.createObjectNode()
                .put("inputTokens", reply.inputTokens())
                .put("outputTokens", reply.outputTokens())
                .put("totalTokens", reply.inputTokens() + reply.outputTokens());
    }

    private static ObjectNode metrics(long receivedAt) {
        return JSON.createObjectNode().put("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - receivedAt));
    }

    /** A word and the whitespace after it per piece, as the streamed answer delivers them. */
    private static List<String> words(Reply reply) {
        return reply.text() == null || reply.text().isEmpty()
                ? List.of()
                : Arrays.asList(AFTER_WHITESPACE.split(reply.text()));
    }

    private void later(Duration delay, Runnable action) {
        if (delay.isZero() || delay.isNegative()) {
            action.run();
        } else {
            vertx.setTimer(Math.max(1, delay.toMillis()), timer -> action.run());
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting or stopping the Bedrock emulator", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Bedrock emulator could not start or stop", e);
        }
    }
}
