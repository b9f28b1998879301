package dev.tandem.llm.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tandem.Violations;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The protocol-independent part of a wire-level LLM emulator: a Vert.x server on 127.0.0.1 and a free port that
 * records every request and answers with {@link Reply Replies}. Delays are Vert.x timers, so hundreds of slow
 * requests in flight cost no threads.
 */
abstract class EmulatorServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx();
    private final List<EmulatedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger received = new AtomicInteger();
    private volatile boolean keepRequests = true;
    private volatile boolean skimToolSchemas;
    final Violations violations = new Violations();
    private final Function<EmulatedRequest, Reply> defaultResponder;
    private volatile Function<EmulatedRequest, Reply> responder;
    private HttpServer server;

    EmulatorServer(Function<EmulatedRequest, Reply> defaultResponder) {
        this.defaultResponder = defaultResponder;
        this.responder = defaultResponder;
    }

    /** Binds the server; subclasses call it from their {@code start()} factory. */
    final <T extends EmulatorServer> T listen(T self) {
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::receive);
        server.listen().toCompletionStage().toCompletableFuture().join();
        return self;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** How the next requests are answered; {@link #reset()} restores the fixed default answer. */
    public void respond(Function<EmulatedRequest, Reply> responder) {
        this.responder = responder;
    }

    /** Every request received (all endpoints), in arrival order. */
    public List<EmulatedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Requests that differ from what the configuration says; a test's teardown asserts there are none. */
    public Violations violations() {
        return violations;
    }

    public int requestCount() {
        return received.get();
    }

    /**
     * Whether {@link #requests()} keeps each request (the default); a load benchmark turns it off, since thousands of
     * kept bodies make the garbage collector's pauses part of what it measures. {@link #requestCount()} still counts.
     */
    public void keepRequests(boolean keep) {
        keepRequests = keep;
    }

    /**
     * Whether each offered tool's {@code parameters} schema is only checked to be an object, not read into the
     * request's tree (off by default): a load benchmark turns it on, since a backend on its own machine would parse
     * the schemas on its own CPU, while here they cost the measured machine once per backend asked (twice for a hedged
     * request through Tandem, once for a direct one). Requests then carry {@code parameters: {}}.
     */
    public void skimToolSchemas(boolean skim) {
        skimToolSchemas = skim;
    }

    public void reset() {
        requests.clear();
        received.set(0);
        responder = defaultResponder;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Whether the client asked to stream, with the protocol's default when it did not say. */
    abstract boolean wantsStream(JsonNode body);

    /** Answers one request, already recorded; chat endpoints ask {@link #replyFor} what to send. */
    abstract void handle(HttpServerRequest request, EmulatedRequest received);

    /** The reply the current responder chooses for a request. */
    final Reply replyFor(EmulatedRequest received) {
        return responder.apply(received);
    }

    private void receive(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            JsonNode json = skimToolSchemas ? ToolSchemaSkimmer.parse(body.getBytes()) : parse(body);
            EmulatedRequest emulated = new EmulatedRequest(request.path(), json, wantsStream(json));
            received.incrementAndGet();
            if (keepRequests) {
                requests.add(emulated);
            }
            handle(request, emulated);
        });
    }

    private static JsonNode parse(Buffer body) {
        if (body.length() == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body.getBytes());
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    /** Sends one complete body after {@code reply.firstByte()}, with the reply's extra headers. */
    final void sendBody(HttpServerResponse response, Reply reply, int status, String contentType, String body) {
        after(reply.firstByte(), () -> {
            start(response, reply, status, contentType);
            response.end(body);
        });
    }

    /**
     * Streams {@code tokenFrames} (headers after {@code firstByte}, first frame after {@code firstToken}, then one
     * every {@code tokenInterval}), then {@code closingFrames}; when {@code cutAfter >= 0} the connection is closed
     * after that many token frames instead, without the closing frames.
     */
    final void streamFrames(HttpServerRequest request, Reply reply, String contentType, List<Buffer> tokenFrames,
            List<Buffer> closingFrames) {
        HttpServerResponse response = request.response();
        after(reply.firstByte(), () -> {
            start(response, reply, 200, contentType);
            response.setChunked(true);
            response.writeHead();
            after(reply.firstToken(), () -> writeFrom(request, reply, tokenFrames, closingFrames, 0));
        });
    }

    private void writeFrom(HttpServerRequest request, Reply reply, List<Buffer> tokenFrames,
            List<Buffer> closingFrames, int next) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return; // the client went away: nobody to stream to
        }
        if (reply.cutAfter() >= 0 && next >= Math.min(reply.cutAfter(), tokenFrames.size())) {
            // close once the frames sent so far are on the wire, as a server that crashed mid-answer would
            response.write(Buffer.buffer()).onComplete(flushed -> request.connection().close());
            return;
        }
        if (next == tokenFrames.size()) {
            closingFrames.forEach(response::write);
            response.end();
            return;
        }
        response.write(tokenFrames.get(next));
        after(reply.tokenInterval(), () -> writeFrom(request, reply, tokenFrames, closingFrames, next + 1));
    }

    private static void start(HttpServerResponse response, Reply reply, int status, String contentType) {
        response.setStatusCode(status).putHeader("Content-Type", contentType);
        reply.headers().forEach(response::putHeader);
    }

    private void after(Duration delay, Runnable action) {
        if (delay.isZero() || delay.isNegative()) {
            action.run();
        } else {
            vertx.setTimer(delay.toMillis(), timer -> action.run());
        }
    }

    /** The text split as it is streamed: each word with the whitespace that follows it. */
    static List<String> words(String text) {
        return List.of(text.split("(?<=\\s)(?=\\S)"));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
