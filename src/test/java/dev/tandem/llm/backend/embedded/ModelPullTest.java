package dev.tandem.llm.backend.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pull} against a local HTTP server that serves files whole or from a byte offset, as Hugging Face does. */
class ModelPullTest {

    @TempDir
    Path work;
    private HttpServer server;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private byte[] model;

    @BeforeEach
    void serve() throws IOException {
        model = Files.readAllBytes(TinyGguf.inTarget());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/models/tiny.gguf", exchange -> send(exchange, model));
        server.createContext("/models/page.gguf",
                exchange -> send(exchange, "<!DOCTYPE html><p>Log in</p>".getBytes(StandardCharsets.UTF_8)));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void should_download_into_the_models_folder_with_progress_and_the_digest() throws Exception {
        Path saved = pull("tiny.gguf", Optional.of(sha256(model)));

        assertThat(saved).isEqualTo(work.resolve("models/tiny.gguf"));
        assertThat(Files.readAllBytes(saved)).isEqualTo(model);
        assertThat(console.toString()).contains("100%").contains("#".repeat(30)).contains("as expected");
        assertThat(ranges).containsExactly("none");
    }

    @Test
    void should_continue_an_interrupted_download_from_where_it_stopped() throws Exception {
        Path part = Files.createDirectories(work.resolve("models")).resolve("tiny.gguf.part");
        Files.write(part, java.util.Arrays.copyOf(model, 40_000));

        Path saved = pull("tiny.gguf", Optional.empty());

        assertThat(ranges).containsExactly("bytes=40000-");
        assertThat(Files.readAllBytes(saved)).isEqualTo(model);
        assertThat(console.toString()).contains("Resuming tiny.gguf.part at");
        assertThat(part).doesNotExist();
    }

    @Test
    void should_delete_a_download_whose_digest_does_not_match() throws Exception {
        String wrong = "0".repeat(64);

        assertThatThrownBy(() -> pull("tiny.gguf", Optional.of(wrong)))
                .isInstanceOf(ModelPull.PullFailed.class).hasMessageContaining("does not match its SHA-256")
                .hasMessageContaining(wrong).hasMessageContaining(sha256(model));
        assertThat(work.resolve("models/tiny.gguf")).doesNotExist();
        assertThat(work.resolve("models/tiny.gguf.part")).doesNotExist();
    }

    @Test
    void should_refuse_what_is_not_a_gguf_file() {
        assertThatThrownBy(() -> pull("page.gguf", Optional.empty()))
                .isInstanceOf(ModelPull.PullFailed.class)
                .hasMessageContaining("What the URL serves is not a GGUF model");
        assertThat(work.resolve("models/page.gguf")).doesNotExist();
        assertThat(work.resolve("models/page.gguf.part")).doesNotExist();
    }

    @Test
    void should_exit_with_a_usage_and_the_known_models_when_called_without_a_model() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int status = PullCommand.run(List.of(), work, new PrintStream(console), new PrintStream(errors));

        assertThat(status).isEqualTo(2);
        assertThat(errors.toString()).contains("pull <name-or-url>").contains(ModelPull.SUGGESTED)
                .contains("Apache-2.0");
    }

    @Test
    void should_refuse_a_name_it_does_not_know() {
        assertThatThrownBy(() -> new ModelPull(HttpClient.newHttpClient(), work, new PrintStream(console))
                .pull("llama-70b", Optional.empty()))
                .isInstanceOf(ModelPull.PullFailed.class).hasMessageContaining("neither a model pull knows");
    }

    @Test
    void should_refuse_a_digest_that_is_not_one_before_downloading() {
        assertThatThrownBy(() -> pull("tiny.gguf", Optional.of("e3b0c4")))
                .isInstanceOf(ModelPull.PullFailed.class)
                .hasMessage("--sha256 takes the file's SHA-256 as 64 hex digits; 'e3b0c4' is not one");
        assertThat(ranges).as("requests the server saw").isEmpty();
    }

    @Test
    void should_name_the_host_it_could_not_reach() {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int closedPort = server.getAddress().getPort();
        server.stop(0);

        int status = PullCommand.run(List.of("http://127.0.0.1:" + closedPort + "/models/tiny.gguf"), work,
                new PrintStream(console), new PrintStream(errors));

        assertThat(status).isEqualTo(1);
        assertThat(errors.toString()).isEqualTo("pull: the download failed (could not connect to 127.0.0.1:"
                + closedPort + " (refused or unreachable)); run pull again to continue it" + System.lineSeparator());
    }

    @Test
    void should_say_when_the_host_name_does_not_resolve() {
        // .invalid never resolves (RFC 6761)
        assertThatThrownBy(() -> new ModelPull(HttpClient.newHttpClient(), work, new PrintStream(console))
                .pull("http://models.tandem.invalid/tiny.gguf", Optional.empty()))
                .hasMessage("could not connect to models.tandem.invalid (the name does not resolve)");
    }

    private Path pull(String file, Optional<String> sha256) throws Exception {
        return new ModelPull(HttpClient.newHttpClient(), work.resolve("models"), new PrintStream(console))
                .pull("http://127.0.0.1:" + server.getAddress().getPort() + "/models/" + file, sha256);
    }

    private void send(HttpExchange exchange, byte[] body) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "none" : range);
        int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        if (range != null) {
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        }
        exchange.sendResponseHeaders(range == null ? 200 : 206, body.length - from);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body, from, body.length - from);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
