package dev.tandem.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import dev.tandem.RunningTandem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The console's files at {@code /}: public though a token is configured, gzipped, revalidated, and nothing else. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFilesTest {

    private static final String TOKEN = "console-files-token-5678";

    @TempDir
    static Path work;
    private RunningTandem tandem;
    private RawHttp raw;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void start() throws Exception {
        tandem = RunningTandem.start(work.resolve("inbox"), work.resolve("data"), Map.of("tandem.mcp.token", TOKEN));
        raw = new RawHttp(URI.create(tandem.baseUrl()).getPort());
    }

    @AfterAll
    void stop() throws Exception {
        tandem.close();
    }

    @Test
    void should_serve_the_page_at_the_root_without_a_token_gzipped_with_its_policy() throws Exception {
        HttpResponse<byte[]> page = get("/", "Accept-Encoding", "gzip");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("connect-src 'self'", "script-src 'self'");
        assertThat(gunzip(page.body())).contains("<title>Tandem console</title>", "/console/app.js");
    }

    @Test
    void should_serve_each_file_with_its_content_type_and_plain_to_a_client_without_gzip() throws Exception {
        HttpResponse<byte[]> script = get("/console/app.js");
        HttpResponse<byte[]> style = get("/console/console.css");

        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(script.body(), StandardCharsets.UTF_8)).contains("import");
        assertThat(style.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void should_answer_304_when_the_browser_has_the_current_file() throws Exception {
        String etag = get("/console/api.js").headers().firstValue("ETag").orElseThrow();

        assertThat(get("/console/api.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/console/api.js", "If-None-Match", "\"another\"").statusCode()).isEqualTo(200);
    }

    @Test
    void should_answer_404_for_files_it_does_not_have_and_keep_the_api_behind_the_token() throws Exception {
        assertThat(get("/console/nothing.js").statusCode()).isEqualTo(404);
        assertThat(raw.send("GET", "/console/../observe/metrics", null, "Host: localhost").status()).isEqualTo(401);
        assertThat(raw.send("GET", "/console/%2e%2e/api/tool-calls", null, "Host: localhost").status())
                .isEqualTo(401);
        assertThat(raw.send("POST", "/", "{}", "Host: localhost").status()).isEqualTo(401);
    }

    @Test
    void should_refuse_the_page_to_a_foreign_host() throws Exception {
        assertThat(raw.send("GET", "/", null, "Host: evil.example").status()).isEqualTo(403);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(tandem.baseUrl() + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
