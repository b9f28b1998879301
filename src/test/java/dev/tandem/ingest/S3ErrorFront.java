package dev.tandem.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An emulator of S3's error answers, on 127.0.0.1 in front of S3Mock (which never fails): the GETs of a chosen path
 * get the statuses planned for it, one each, with S3's XML error body ({@code SlowDown}, {@code AccessDenied}, ...);
 * every other request is passed through to S3Mock as it came.
 */
final class S3ErrorFront implements AutoCloseable {

    /** Headers the JDK client sets itself, in both directions. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "date");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Queue<Integer>> planned = new ConcurrentHashMap<>();

    S3ErrorFront(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(threads);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code times} GETs of this path (such as {@code /bucket/docs/a.md}) are answered with this status. */
    void fail(String path, int status, int times) {
        planned.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>())
                .addAll(IntStream.range(0, times).mapToObj(i -> status).toList());
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Queue<Integer> statuses = planned.get(exchange.getRequestURI().getRawPath());
            Integer status = "GET".equals(exchange.getRequestMethod()) && statuses != null ? statuses.poll() : null;
            if (status != null) {
                send(exchange, status, Map.of("Content-Type", "application/xml"), error(status));
            } else {
                passThrough(exchange);
            }
        }
    }

    private void passThrough(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .method(exchange.getRequestMethod(),
                        HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        send(exchange, response.statusCode(), Map.of(), "HEAD".equals(exchange.getRequestMethod()) ? new byte[0]
                : response.body());
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] error(int status) {
        String code = switch (status) {
            case 403 -> "AccessDenied";
            case 404 -> "NoSuchKey";
            case 500 -> "InternalError";
            case 503 -> "SlowDown";
            default -> "Status" + status;
        };
        String message = switch (status) {
            case 403 -> "Access Denied";
            case 503 -> "Please reduce your request rate.";
            default -> "The front answered " + status;
        };
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>S3ERRORFRONT</RequestId><HostId>s3-error-front</HostId></Error>")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
