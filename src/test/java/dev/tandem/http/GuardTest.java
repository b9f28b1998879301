package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.tandem.config.ProjectConfiguration.ApiKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The guard, seen by a client on the wire: raw HTTP requests with exactly the Host, Origin, Authorization and
 * Content-Length a browser or attacker could send, through a real Vert.x router where the guard runs before the
 * route that answers "admitted". Paths ending in -locked are served by a guard with a token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardTest {

    private static final String TOKEN = "open-sesame";
    private static final String READER = "reader-token-12345678";
    /** Paths the route that admits everything else leaves to the others: one served for GET only, one by none. */
    private static final Set<String> UNSERVED = Set.of("/served", "/nowhere");

    private final Guard open = guard(Optional.empty());
    private final Guard locked = guard(Optional.of(TOKEN));
    /** A guard with one named key (search only, one request a minute) on a clock that stands still. */
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Guard keyed = new Guard(new Guard.Settings(List.of(), List.of(), 1024), new ApiKeys(Optional.empty(),
            List.of(new ApiKey("reader", READER, List.of("search"), 1))), new RequestBudgets(() -> 0L),
            new CallerMetrics(meters));
    private Vertx vertx;
    private int port;

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().order(GuardInstaller.GUARD_ORDER).handler(ctx -> (ctx.request().getHeader("X-Keyed") != null
                ? keyed : ctx.normalizedPath().endsWith("-locked") ? locked : open).handle(ctx))
                .failureHandler(open::answerFailure);
        router.route("/served").method(HttpMethod.GET).handler(ctx -> ctx.response().end("served"));
        for (String path : List.of("/content-type", "/api/inbox")) {
            router.route(path).handler(ctx -> ctx.response().end("type " + ctx.request().getHeader("Content-Type")));
        }
        // a body read as platform-http reads it, with a limit below the guard's; a handler that fails as a bug would
        router.route("/limited").handler(BodyHandler.create().setBodyLimit(16))
                .handler(ctx -> ctx.response().end("read"));
        router.route("/broken").handler(ctx -> ctx.fail(418));
        router.route().handler(ctx -> {
            if (UNSERVED.contains(ctx.normalizedPath())) {
                ctx.next();
            } else {
                ctx.response().end("admitted");
            }
        });
        router.route().order(GuardInstaller.UNMATCHED_ORDER).handler(ctx -> open.refuseUnmatched(ctx,
                GuardInstaller.methodsServed(router, ctx.normalizedPath())));
        HttpServer server = vertx.createHttpServer().requestHandler(router)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterAll
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void should_admit_requests_addressed_to_a_loopback_name() throws IOException {
        for (String host : List.of("localhost", "localhost:8080", "127.0.0.1:9", "[::1]:8080", "LocalHost")) {
            assertThat(send("/mcp", "Host: " + host)).as(host).startsWith("HTTP/1.1 200").endsWith("admitted");
        }
    }

    @Test
    void should_answer_what_no_route_takes_with_405_naming_the_methods_or_404_in_the_openai_shape()
            throws IOException {
        String wrongMethod = send("/served", "Host: localhost");
        String unknown = send("/nowhere", "Host: localhost");

        assertThat(wrongMethod).startsWith("HTTP/1.1 405").contains("Allow: GET")
                .contains("\"message\":\"Tandem does not serve POST /served: the path takes GET.\"")
                .contains("\"param\":null,\"code\":\"method_not_allowed\"");
        assertThat(unknown).startsWith("HTTP/1.1 404").contains("\"message\":\"Tandem has no POST /nowhere:")
                .contains("\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"");
    }

    @Test
    void should_pass_a_body_typed_as_a_form_on_as_bytes_and_other_types_as_they_are() throws IOException {
        // what curl -d sends unless told otherwise: no route of Tandem takes form fields
        assertThat(sendWithBody("/content-type", "{}", "Host: localhost",
                "Content-Type: Application/X-WWW-Form-Urlencoded; charset=UTF-8"))
                .endsWith("type application/octet-stream");
        assertThat(sendWithBody("/content-type", "{}", "Host: localhost", "Content-Type: application/json"))
                .endsWith("type application/json");
        assertThat(sendWithBody("/content-type", "{}", "Host: localhost")).endsWith("type null");
    }

    @Test
    void should_take_a_multipart_body_apart_for_the_inbox_alone() throws IOException {
        String multipart = "Content-Type: multipart/form-data; boundary=b";

        assertThat(sendWithBody("/content-type", "--b--", "Host: localhost", multipart))
                .endsWith("type application/octet-stream");
        assertThat(sendWithBody("/api/inbox", "--b--", "Host: localhost", multipart))
                .endsWith("type multipart/form-data; boundary=b");
    }

    /** Query parameters become the route's message headers: a list would arrive as "[a, b]", and the caller forged. */
    @Test
    void should_refuse_a_query_parameter_given_twice_or_named_like_tandem_s_own_headers() throws IOException {
        assertThat(send("/api/search?q=a&q=b", "Host: localhost")).startsWith("HTTP/1.1 400")
                .contains("The query parameter 'q' is given 2 times: give it once.").doesNotContain("admitted");
        assertThat(send("/api/search?q=a&Tandem-Caller=x:admin", "Host: localhost")).startsWith("HTTP/1.1 400")
                .contains("'Tandem-Caller' is not Tandem's to take", "\"code\":\"invalid_value\"");
        assertThat(send("/api/search?q=a&TANDEMSIZE=0", "Host: localhost")).startsWith("HTTP/1.1 400");
        assertThat(send("/api/search?q=a&mode=bm25&k=3&x-tandem=1", "Host: localhost")).endsWith("admitted");
        assertThat(send("/api/search?q=100%", "Host: localhost")).startsWith("HTTP/1.1 400")
                .contains("not valid URL encoding", "%25");
        // who asks comes first: a stranger learns nothing about the parameters
        assertThat(send("/api/search-locked?q=a&q=b", "Host: localhost")).startsWith("HTTP/1.1 401");
    }

    @Test
    void should_refuse_a_rebound_dns_name_with_403_and_name_the_setting() throws IOException {
        String reply = send("/mcp", "Host: attacker.example:8080");

        assertThat(reply).startsWith("HTTP/1.1 403").contains("\"code\":-32600").contains("\"id\":null")
                .contains("Host 'attacker.example' is not allowed: add it to TANDEM_MCP_ALLOWED_HOSTS.");
    }

    @Test
    void should_refuse_a_request_without_a_host() throws IOException {
        // Vert.x's router itself refuses an HTTP/1.1 request without Host, before any handler: nothing is admitted
        assertThat(send("/mcp")).startsWith("HTTP/1.1 400").doesNotContain("admitted");
    }

    @Test
    void should_say_in_the_door_s_shape_that_the_host_is_missing_whatever_the_http_version() throws IOException {
        String noHost = "The request has no valid Host header: send the host and port it is addressed to, as HTTP/1.1"
                + " requires.";
        // HTTP/1.1: refused by the router before the guard runs; the answer is still the guard's
        assertThat(send("/v1/models")).startsWith("HTTP/1.1 400").contains("\"type\":\"invalid_request_error\"")
                .contains("\"code\":\"missing_host\"").contains(noHost);
        assertThat(send("/mcp")).contains("\"code\":-32600").contains("\"id\":null").contains(noHost);
        // HTTP/1.0 may leave the Host out: the guard refuses it itself, with the same words, not as a foreign host
        assertThat(sendRequest("GET /v1/models HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.0 400")
                .contains("\"code\":\"missing_host\"").contains(noHost).doesNotContain("admitted");
        assertThat(sendRequest("GET /v1/models HTTP/1.0\r\nHost: localhost\r\n\r\n")).endsWith("admitted");
    }

    @Test
    void should_admit_a_host_from_the_allow_list_in_any_case() throws IOException {
        assertThat(send("/mcp", "Host: tandem.internal:8080")).startsWith("HTTP/1.1 200");
        assertThat(send("/mcp", "Host: Tandem.Internal")).startsWith("HTTP/1.1 200");
        assertThat(send("/mcp", "Host: tandem.internal.attacker.example")).startsWith("HTTP/1.1 403");
    }

    @Test
    void should_compare_the_allowed_hosts_as_written_in_the_settings_whatever_their_case() {
        Guard.Settings settings = new Guard.Settings(List.of(), List.of("Gateway.Example"), 1024);

        assertThat(settings.allowedHosts()).containsExactly("gateway.example");
    }

    @Test
    void should_admit_pages_served_from_loopback_or_an_allowed_origin() throws IOException {
        for (String origin : List.of("http://localhost:5173", "https://127.0.0.1", "http://LOCALHOST",
                "http://[::1]:3000", "https://app.example")) {
            assertThat(send("/mcp", "Host: localhost", "Origin: " + origin)).as(origin).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void should_refuse_a_foreign_origin_with_403_and_name_the_setting() throws IOException {
        assertThat(send("/mcp", "Host: localhost", "Origin: https://attacker.example")).startsWith("HTTP/1.1 403")
                .contains("Origin 'https://attacker.example' is not allowed: add it to TANDEM_MCP_ALLOWED_ORIGINS.");
    }

    @Test
    void should_refuse_origins_that_only_look_local() throws IOException {
        for (String origin : List.of("null", "file://localhost", "ftp://127.0.0.1", "http://local host",
                "https://app.example:8443", "http://localhost.attacker.example")) {
            assertThat(send("/mcp", "Host: localhost", "Origin: " + origin)).as(origin).startsWith("HTTP/1.1 403")
                    .contains("Origin '" + origin + "' is not allowed");
        }
    }

    @Test
    void should_challenge_a_request_without_the_token_with_401() throws IOException {
        String reply = send("/mcp-locked", "Host: localhost");

        assertThat(reply).startsWith("HTTP/1.1 401").containsIgnoringCase("WWW-Authenticate: Bearer realm=\"tandem\"")
                .contains("Send 'Authorization: Bearer <token>' with TANDEM_MCP_TOKEN or an API key's token.");
    }

    @Test
    void should_refuse_a_wrong_or_differently_sent_token() throws IOException {
        for (String authorization : List.of("Bearer open-sesam", "Bearer open-sesame-and-more", "Basic b3Blbi1zZXNhbWU=",
                "open-sesame", "Bearer")) {
            assertThat(send("/mcp-locked", "Host: localhost", "Authorization: " + authorization)).as(authorization)
                    .startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void should_admit_the_token_whatever_the_case_of_the_scheme() throws IOException {
        assertThat(send("/mcp-locked", "Host: localhost", "Authorization: Bearer open-sesame")).startsWith("HTTP/1.1 200");
        assertThat(send("/mcp-locked", "Host: localhost", "Authorization: bearer   open-sesame")).startsWith("HTTP/1.1 200");
    }

    @Test
    void should_check_the_host_before_the_token() throws IOException {
        assertThat(send("/mcp-locked", "Host: attacker.example", "Authorization: Bearer open-sesame"))
                .startsWith("HTTP/1.1 403");
    }

    @Test
    void should_refuse_a_request_larger_than_the_limit_with_413() throws IOException {
        assertThat(sendWithBody("/mcp", "x".repeat(1024), "Host: localhost")).startsWith("HTTP/1.1 200");
        assertThat(sendWithBody("/mcp", "x".repeat(1025), "Host: localhost"))
                .startsWith("HTTP/1.1 413")
                .contains("The request has 1025 bytes; it is larger than the limit of 1024 bytes"
                        + " (TANDEM_MCP_MAX_REQUEST_KB).");
    }

    @Test
    void should_refuse_the_api_with_an_openai_shaped_error() throws IOException {
        assertThat(send("/api", "Host: attacker.example")).startsWith("HTTP/1.1 403").endsWith("{\"error\":{\"message\":"
                + "\"Host 'attacker.example' is not allowed: add it to TANDEM_MCP_ALLOWED_HOSTS.\",\"type\":"
                + "\"invalid_request_error\",\"param\":null,\"code\":\"forbidden\"}}");
        assertThat(send("/api-locked", "Host: localhost")).startsWith("HTTP/1.1 401")
                .containsIgnoringCase("WWW-Authenticate: Bearer realm=\"tandem\"");
        assertThat(send("/api-locked", "Host: localhost", "Authorization: Bearer open-sesame"))
                .startsWith("HTTP/1.1 200").endsWith("admitted");
    }

    @Test
    void should_refuse_a_key_outside_its_scope_and_count_the_refusal_for_it() throws IOException {
        String reply = send("/api/ask", "Host: localhost", "X-Keyed: 1", "Authorization: Bearer " + READER);

        assertThat(reply).startsWith("HTTP/1.1 403").contains("\"code\":\"insufficient_scope\"")
                .contains("The API key 'reader' may not use /api/ask: it needs the scope 'ask'.");
        assertThat(meters.counter("tandem.api.requests", "key", "reader", "outcome", "scope").count()).isEqualTo(1);
    }

    @Test
    void should_answer_429_with_retry_after_once_a_key_has_spent_its_minute() throws IOException {
        String first = send("/api/search", "Host: localhost", "X-Keyed: 1", "Authorization: Bearer " + READER);
        String second = send("/api/search", "Host: localhost", "X-Keyed: 1", "Authorization: Bearer " + READER);

        assertThat(first).startsWith("HTTP/1.1 200").endsWith("admitted");
        assertThat(second).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After: 60")
                .contains("\"type\":\"rate_limit_error\"", "may send 1 requests a minute; try again in 60 s.");
        assertThat(meters.counter("tandem.api.requests", "key", "reader", "outcome", "admitted").count()).isEqualTo(1);
        assertThat(meters.counter("tandem.api.requests", "key", "reader", "outcome", "rate").count()).isEqualTo(1);
    }

    @Test
    void should_count_a_request_without_a_known_credential_under_no_name() throws IOException {
        assertThat(send("/api/search", "Host: localhost", "X-Keyed: 1", "Authorization: Bearer nobody-at-all"))
                .startsWith("HTTP/1.1 401");
        assertThat(meters.counter("tandem.api.requests", "key", "unknown", "outcome", "unauthorized").count())
                .isEqualTo(1);
    }

    @Test
    void should_refuse_a_length_that_is_not_a_number() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000); // an answer that never ends fails the test instead of hanging it
            socket.getOutputStream().write(("POST /api/search HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Length: 12abc\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith("HTTP/1.1 400").doesNotContain("admitted");
        }
    }

    @Test
    void should_answer_a_chunked_body_that_grows_past_the_limit_with_413_in_the_openai_shape() throws IOException {
        String chunked = "POST /limited HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n20\r\n" + "x".repeat(32) + "\r\n0\r\n\r\n";

        assertThat(sendRequest(chunked)).startsWith("HTTP/1.1 413")
                .contains("\"message\":\"The request is larger than the limit of 1024 bytes"
                        + " (TANDEM_MCP_MAX_REQUEST_KB).\"")
                .contains("\"code\":\"request_too_large\"").doesNotContain("read");
    }

    @Test
    void should_leave_a_failure_it_does_not_answer_itself_to_the_server() throws IOException {
        assertThat(send("/broken", "Host: localhost")).startsWith("HTTP/1.1 418");
    }

    /** One HTTP/1.1 request with exactly these header lines and no body. */
    private String send(String path, String... headers) throws IOException {
        return sendWithBody(path, "", headers);
    }

    /** One HTTP/1.1 request with exactly these header lines; its Content-Length is the body's. */
    private String sendWithBody(String path, String body, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        return sendRequest(request.toString());
    }

    /** Exactly these bytes on a new connection; the whole answer, until the server closes it. */
    private String sendRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000); // an answer that never ends fails the test instead of hanging it
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Guard guard(Optional<String> token) {
        return new Guard(new Guard.Settings(List.of("https://app.example"), List.of("tandem.internal"), 1024),
                new ApiKeys(token, List.of()), new RequestBudgets(System::nanoTime),
                new CallerMetrics(new SimpleMeterRegistry()));
    }
}
