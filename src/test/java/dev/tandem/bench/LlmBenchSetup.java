package dev.tandem.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import org.apache.camel.CamelContext;

/**
 * What the LLM benchmarks run against: the Elasticsearch dev service ({@link BenchCluster}, Tandem needs it to
 * start), the Ollama and OpenAI emulators, and Tandem in process ({@link BenchApp}), with
 * {@code tandem.provider=openai} pointed at the emulators and circuit breakers out of reach. A benchmark that runs the
 * emulators in a process of its own ({@link #startAgainst}) has no {@link #ollama} or {@link #openai} here.
 */
final class LlmBenchSetup implements AutoCloseable {

    /** The provider key Tandem is configured with, which the emulator requires; the direct baseline sends it too. */
    static final String API_KEY = "sk-bench";

    final OllamaEmulator ollama;
    final OpenAiEmulator openai;
    final int port;
    private final BenchCluster cluster;
    private final BenchApp app;
    private final Map<String, String> properties;

    private LlmBenchSetup(BenchCluster cluster, OllamaEmulator ollama, OpenAiEmulator openai, BenchApp app,
            Map<String, String> properties) {
        this.properties = properties;
        this.cluster = cluster;
        this.ollama = ollama;
        this.openai = openai;
        this.app = app;
        this.port = app.port;
    }

    /**
     * The benchmark's own settings ({@code defaults}, e.g. deadlines), then the command line's {@code --app-property}
     * settings, which win; the data under the command line's {@code --data-dir}.
     */
    static LlmBenchSetup start(BenchArgs arguments, Map<String, String> defaults) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(defaults);
        overrides.putAll(arguments.appProperties());
        return start(arguments.dataDir(), overrides);
    }

    /** {@code overrides} win over the setup's defaults. */
    static LlmBenchSetup start(Path dataDir, Map<String, String> overrides) throws Exception {
        OllamaEmulator ollama = OllamaEmulator.start();
        OpenAiEmulator openai = OpenAiEmulator.start(API_KEY);
        openai.serve("gpt-test");
        try {
            return start(dataDir, overrides, ollama, openai, ollama.baseUrl(), openai.baseUrl());
        } catch (Exception e) {
            ollama.close();
            openai.close();
            throw e;
        }
    }

    /**
     * Tandem against emulators that run elsewhere: an Ollama API at {@code ollamaUrl} and an OpenAI API at
     * {@code openaiUrl} serving {@code gpt-test} to the key {@link #API_KEY}.
     */
    static LlmBenchSetup startAgainst(BenchArgs arguments, Map<String, String> defaults, String ollamaUrl,
            String openaiUrl) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(defaults);
        overrides.putAll(arguments.appProperties());
        return start(arguments.dataDir(), overrides, null, null, ollamaUrl, openaiUrl);
    }

    private static LlmBenchSetup start(Path dataDir, Map<String, String> overrides, OllamaEmulator ollama,
            OpenAiEmulator openai, String ollamaUrl, String openaiUrl) throws Exception {
        BenchCluster cluster = BenchCluster.start(dataDir);
        try {
            Path appDir = dataDir.resolve("llm-app").toAbsolutePath();
            Path inbox = Files.createDirectories(appDir.resolve("inbox")); // nothing writes to it
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("tandem.data.dir", appDir.toString());
            properties.put("tandem.inbox", inbox.toString());
            properties.put("tandem.es.url", cluster.url().toString());
            properties.put("tandem.es.index", "bench-llm");
            properties.put("tandem.provider", "openai");
            properties.put("tandem.openai.base.url", openaiUrl + "/v1");
            properties.put("tandem.openai.model", "gpt-test");
            properties.put("tandem.openai.api.key", API_KEY);
            properties.put("tandem.ollama.url", ollamaUrl);
            properties.put("tandem.ollama.model", "llama3.2");
            properties.put("tandem.llm.breaker.failures", "1000");
            properties.putAll(overrides);
            return new LlmBenchSetup(cluster, ollama, openai, BenchApp.start(properties), properties);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * A second Tandem with this one's settings (the same cluster, index and emulators) but {@code own} ones, such as
     * its own data folder: a replica; the caller closes it.
     */
    BenchApp replica(Map<String, String> own) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(properties);
        settings.putAll(own);
        return BenchApp.start(settings);
    }

    CamelContext camel() {
        return app.camel();
    }

    @Override
    public void close() throws Exception {
        try {
            app.close();
        } finally {
            if (ollama != null) {
                ollama.close();
                openai.close();
            }
            cluster.close();
        }
    }
}
