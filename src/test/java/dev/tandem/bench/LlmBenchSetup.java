package dev.tandem.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tandem.TandemApplication;
import dev.tandem.config.DotEnv;
import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * What the LLM benchmarks run against: the Elasticsearch dev service ({@link BenchCluster}, Tandem needs it to
 * start), the Ollama and OpenAI emulators, and Tandem started in process the way {@code TandemApplication} starts it,
 * with {@code tandem.provider=openai} pointed at the emulators and circuit breakers out of reach.
 */
final class LlmBenchSetup implements AutoCloseable {

    /** The provider key Tandem is configured with, which the emulator requires; the direct baseline sends it too. */
    static final String API_KEY = "sk-bench";

    final OllamaEmulator ollama;
    final OpenAiEmulator openai;
    final int port;
    private final BenchCluster cluster;
    private final Main app;
    private final Thread appThread;

    private LlmBenchSetup(BenchCluster cluster, OllamaEmulator ollama, OpenAiEmulator openai, Main app, int port,
            Thread appThread) {
        this.cluster = cluster;
        this.ollama = ollama;
        this.openai = openai;
        this.app = app;
        this.port = port;
        this.appThread = appThread;
    }

    /** {@code overrides} win over the benchmark's defaults (e.g. deadlines, {@code --app-property}). */
    static LlmBenchSetup start(Path dataDir, Map<String, String> overrides) throws Exception {
        BenchCluster cluster = BenchCluster.start(dataDir);
        OllamaEmulator ollama = OllamaEmulator.start();
        OpenAiEmulator openai = OpenAiEmulator.start(API_KEY);
        openai.serve("gpt-test");
        try {
            Path appDir = dataDir.resolve("llm-app").toAbsolutePath();
            Path inbox = Files.createDirectories(appDir.resolve("inbox")); // nothing writes to it
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("tandem.http.host", "127.0.0.1");
            properties.put("tandem.data.dir", appDir.toString());
            properties.put("tandem.inbox", inbox.toString());
            properties.put("tandem.es.url", cluster.url().toString());
            properties.put("tandem.es.index", "bench-llm");
            properties.put("tandem.provider", "openai");
            properties.put("tandem.openai.base.url", openai.baseUrl() + "/v1");
            properties.put("tandem.openai.model", "gpt-test");
            properties.put("tandem.openai.api.key", API_KEY);
            properties.put("tandem.ollama.url", ollama.baseUrl());
            properties.put("tandem.ollama.model", "llama3.2");
            properties.put("tandem.llm.breaker.failures", "1000");
            properties.putAll(overrides);
            int port = freePort();
            properties.put("tandem.http.port", Integer.toString(port));
            Main app = new Main();
            TandemApplication.assemble(app, DotEnv.empty());
            properties.forEach(app::addOverrideProperty);
            Thread appThread = BenchApp.run(app, port);
            return new LlmBenchSetup(cluster, ollama, openai, app, port, appThread);
        } catch (Exception e) {
            ollama.close();
            openai.close();
            cluster.close();
            throw e;
        }
    }

    CamelContext camel() {
        return app.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        try {
            app.completed();
            appThread.join(TimeUnit.MINUTES.toMillis(1));
        } finally {
            ollama.close();
            openai.close();
            cluster.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
