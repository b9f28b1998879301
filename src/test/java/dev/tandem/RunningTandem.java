package dev.tandem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.TandemApplication;
import dev.tandem.config.DotEnv;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListener;

/**
 * Tandem started in the test JVM the way {@link TandemApplication} starts it, on a free port, with its own index
 * in the shared test Elasticsearch unless the test says otherwise. Each test class gets its own index.
 */
public final class RunningTandem implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Main main = new Main();
    private final int port;
    private static final Duration ANSWER = Duration.ofSeconds(30);

    /**
     * HTTP/1.1 as curl and the SDKs speak it: the JDK client's default h2c upgrade to Tandem's server failed now and
     * then (an answer read as an HTTP/2 frame: "Frame type(115) ... exceeds MAX_FRAME_SIZE"; once a hang).
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String authorization;

    private RunningTandem(Map<String, String> properties, String profile, DotEnv dotEnv, MainListener... hooks)
            throws Exception {
        port = freePort();
        TandemApplication.assemble(main, dotEnv);
        for (MainListener hook : hooks) {
            main.addMainListener(hook);
        }
        if (profile != null) {
            main.configure().setProfile(profile);
        }
        main.addOverrideProperty("tandem.http.port", Integer.toString(port));
        properties.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception | Error failedToStart) {
            main.stop(); // frees the port and whatever started before the failure
            throw failedToStart;
        }
    }

    /** Tandem on the shared test Elasticsearch, with a fresh index, watching {@code inbox}, data in {@code dataDir}. */
    public static RunningTandem start(Path inbox, Path dataDir, Map<String, String> more) throws Exception {
        return start(inbox, dataDir, newIndex(), more);
    }

    /** As {@link #start(Path, Path, Map)}, with a test's own hook into Camel Main's start-up. */
    public static RunningTandem start(Path inbox, Path dataDir, Map<String, String> more, MainListener hook)
            throws Exception {
        return new RunningTandem(properties(inbox, dataDir, newIndex(), more), null, DotEnv.empty(), hook);
    }

    public static RunningTandem start(Path inbox, Path dataDir, String index, Map<String, String> more)
            throws Exception {
        return new RunningTandem(properties(inbox, dataDir, index, more), null, DotEnv.empty());
    }

    private static String newIndex() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> properties(Path inbox, Path dataDir, String index, Map<String, String> more) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "tandem.es.url", TestElasticsearch.url().toString(),
                "tandem.es.index", index,
                "tandem.inbox", inbox.toString(),
                "tandem.data.dir", dataDir.toString()));
        properties.putAll(more);
        return properties;
    }

    /** Tandem reading {@code dotEnv} as it reads {@code ./.env}, with these settings as application.properties. */
    public static RunningTandem startWithDotEnv(DotEnv dotEnv, Map<String, String> properties) throws Exception {
        return new RunningTandem(properties, null, dotEnv);
    }

    public static RunningTandem startWithProfile(String profile, Map<String, String> properties) throws Exception {
        return new RunningTandem(properties, profile, DotEnv.empty());
    }

    /** Every later request sends {@code Authorization: Bearer <token>}, unless it sets its own. */
    public RunningTandem authorizeWith(String token) {
        authorization = "Bearer " + token;
        return this;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return whole(authorized(HttpRequest.newBuilder(uri(pathAndQuery))).timeout(ANSWER).GET().build());
    }

    /** {@code headers}: more request headers as name, value pairs. */
    public HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri(path))).timeout(ANSWER)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return whole(request.build());
    }

    /**
     * The response, body included, within {@link #ANSWER}: the request's own timeout ends when the headers arrive,
     * so an answer whose body never ends would hang the test rather than fail it.
     */
    private HttpResponse<String> whole(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(ANSWER.toSeconds(),
                    TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("No whole answer to " + request.method() + " " + request.uri() + " within "
                    + ANSWER.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    public JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        return JSON.readTree(get(pathAndQuery).body());
    }

    public JsonNode ingestStatus() throws IOException, InterruptedException {
        return getJson("/api/ingest/status");
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private URI uri(String pathAndQuery) {
        return URI.create(baseUrl() + pathAndQuery);
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
