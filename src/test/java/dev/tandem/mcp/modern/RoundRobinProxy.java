package dev.tandem.mcp.modern;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A load balancer at its simplest, for tests: each HTTP request goes to the next replica in turn (per request, not per
 * connection, since clients keep connections open), bodies passed through whole, event streams as they come (a
 * listening stream never ends by itself, and a client that leaves ends it at the replica too). It remembers which replica served
 * which request, so a test can tell that consecutive calls of one client met different processes. Public for
 * {@code bench/mcp-tool-call}, which measures replicas behind it.
 */
public final class RoundRobinProxy implements AutoCloseable {

    /** One request the proxy passed on: its {@code Mcp-Method} header (or HTTP method) and the replica. */
    record Hop(String method, int replica) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "upgrade", "keep-alive", "expect");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<URI> replicas;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger next = new AtomicInteger();
    // appended on every request (a benchmark sends many), copied only when a test reads them
    private final List<Hop> hops = Collections.synchronizedList(new ArrayList<>());
    /** The event streams being passed on: closed with the proxy, which ends them at the replicas too. */
    private final Set<InputStream> streaming = ConcurrentHashMap.newKeySet();

    private RoundRobinProxy(List<URI> replicas) throws IOException {
        this.replicas = replicas;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        // a request each thread: a 2025-11-25 client's listening stream stays open while its other requests go on
        server.setExecutor(threads);
        server.start();
    }

    public static RoundRobinProxy start(List<String> baseUrls) throws IOException {
        return new RoundRobinProxy(baseUrls.stream().map(URI::create).toList());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Hop> hops() {
        synchronized (hops) {
            return List.copyOf(hops);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        int replica = Math.floorMod(next.getAndIncrement(), replicas.size());
        String mcpMethod = exchange.getRequestHeaders().getFirst("Mcp-Method");
        hops.add(new Hop(mcpMethod == null ? exchange.getRequestMethod() : mcpMethod, replica));
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(replicas.get(replica).resolve(exchange
                    .getRequestURI().toString())).method(exchange.getRequestMethod(), body.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<InputStream> response = http.send(request.build(), info -> isEventStream(info.headers())
                    ? HttpResponse.BodySubscribers.ofInputStream()
                    : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
                            ByteArrayInputStream::new));
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            try (InputStream answer = response.body(); OutputStream out = exchange.getResponseBody()) {
                if (isEventStream(response.headers())) {
                    exchange.sendResponseHeaders(response.statusCode(), 0);
                    streaming.add(answer);
                    try {
                        passOn(answer, out);
                    } finally {
                        streaming.remove(answer);
                    }
                } else {
                    byte[] whole = answer.readAllBytes();
                    exchange.sendResponseHeaders(response.statusCode(), whole.length == 0 ? -1 : whole.length);
                    out.write(whole);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }

    private static boolean isEventStream(HttpHeaders headers) {
        return headers.firstValue("Content-Type").orElse("").startsWith("text/event-stream");
    }

    /** Each piece of an event stream as it arrives; a client that has gone fails the write, which ends the copy. */
    private static void passOn(InputStream events, OutputStream out) throws IOException {
        byte[] piece = new byte[8192];
        for (int read = events.read(piece); read >= 0; read = events.read(piece)) {
            out.write(piece, 0, read);
            out.flush();
        }
    }

    @Override
    public void close() {
        streaming.forEach(RoundRobinProxy::closeQuietly);
        server.stop(0);
        threads.shutdownNow();
    }
}
