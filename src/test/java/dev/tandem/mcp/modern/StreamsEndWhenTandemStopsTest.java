package dev.tandem.mcp.modern;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.RunningTandem;

/**
 * A client's open stream is an exchange in flight, and Camel waits for those when it stops, up to its shutdown timeout
 * (45 s). Tandem ends the streams of both eras as it begins to stop: a 2025-11-25 session's {@code GET} stream and a
 * 2026-07-28 {@code subscriptions/listen} stream, which gets its final result first.
 */
class StreamsEndWhenTandemStopsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String EVENTS = "application/json, text/event-stream";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void should_end_the_open_streams_of_both_eras_when_it_begins_to_stop() throws Exception {
        RunningTandem tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of());
        CompletableFuture<Void> getEnded;
        ListenStream listen;
        try {
            getEnded = openGetStream(tandem.baseUrl(), session(tandem));
            listen = ListenStream.open(tandem.baseUrl(), new ModernClient(tandem.baseUrl(), Map.of()),
                    Map.of("toolsListChanged", true));
            assertThat(listen.next(WAIT).path("method").asText()).isEqualTo("notifications/subscriptions/acknowledged");
        } catch (Exception | AssertionError e) {
            tandem.close();
            throw e;
        }

        long stopping = System.nanoTime();
        tandem.close();
        Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);

        assertThat(getEnded).as("the 2025-11-25 GET stream").succeedsWithin(WAIT);
        assertThat(listen.next(WAIT).path("result").path("resultType").asText()).as("the listen stream's last word")
                .isEqualTo("complete");
        assertThat(stopped).as("stopping, which waits for streams left open until its 45 s timeout")
                .isLessThan(Duration.ofSeconds(20));
    }

    /** A 2025-11-25 session, initialised. */
    private String session(RunningTandem tandem) throws Exception {
        HttpResponse<String> init = tandem.post("/mcp", "application/json", """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"test","version":"1"}}}""", "Accept", EVENTS);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        HttpResponse<String> initialized = tandem.post("/mcp", "application/json",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Accept", EVENTS,
                "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25");
        assertThat(initialized.statusCode()).isEqualTo(202);
        return session;
    }

    /** Opens the session's GET stream; the future completes when the stream ends. */
    private CompletableFuture<Void> openGetStream(String baseUrl, String session) throws Exception {
        HttpResponse<Stream<String>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/mcp"))
                .header("Accept", "text/event-stream").header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25").GET().build(), HttpResponse.BodyHandlers.ofLines())
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        return CompletableFuture.runAsync(() -> stream.body().forEach(line -> { }));
    }
}
