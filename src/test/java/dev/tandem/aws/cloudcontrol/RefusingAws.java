package dev.tandem.aws.cloudcontrol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An AWS endpoint on 127.0.0.1 that refuses every caller's credentials with 403, in the shape each protocol uses:
 * JSON 1.0 (Cloud Control) or the query protocol's XML (CloudFormation, STS).
 */
public final class RefusingAws implements AutoCloseable {

    private static final String WHY = "The security token included in the request is invalid.";

    private final HttpServer server;
    private final AtomicInteger refused = new AtomicInteger();

    public RefusingAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::refuse);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int refused() {
        return refused.get();
    }

    private void refuse(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        refused.incrementAndGet();
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
        byte[] body;
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            body = ("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>" + WHY
                    + "</Message></Error><RequestId>refused</RequestId></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "UnrecognizedClientException");
            body = ("{\"__type\":\"UnrecognizedClientException\",\"message\":\"" + WHY + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(403, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
