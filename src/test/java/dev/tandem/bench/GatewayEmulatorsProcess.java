package dev.tandem.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tandem.llm.emulator.OllamaEmulator;
import dev.tandem.llm.emulator.OpenAiEmulator;
import dev.tandem.llm.emulator.Reply;

/**
 * The two backends of the gateway overhead benchmark, in a process of their own: their CPU, allocations and garbage
 * collections are not the measured JVM's, as a real backend's are not. Both answer every chat after a fixed delay, a
 * tool call when the request offers tools and text otherwise, and skim the tools' schemas
 * ({@code skimToolSchemas}), so that the direct target and Tandem (which asks both backends) see the same emulator
 * at the same cost per request received.
 *
 * <p>{@link #main} takes the delay in milliseconds and a file, writes the Ollama and the OpenAI emulator's base URLs
 * there on one line each, and serves until its standard input closes; {@link #start} launches it and reads them.
 */
final class GatewayEmulatorsProcess implements AutoCloseable {

    /** The arguments of the tool call both emulators answer with when a request offers tools. */
    static final String CALL_ARGUMENTS = "{\"city\":\"Paris\",\"days\":3,\"units\":\"metric\"}";

    final String ollamaUrl;
    final String openaiUrl;
    private final Process process;

    private GatewayEmulatorsProcess(Process process, String ollamaUrl, String openaiUrl) {
        this.process = process;
        this.ollamaUrl = ollamaUrl;
        this.openaiUrl = openaiUrl;
    }

    public static void main(String[] args) throws IOException {
        Duration delay = Duration.ofMillis(Long.parseLong(args[0]));
        try (OllamaEmulator ollama = OllamaEmulator.start();
                OpenAiEmulator openai = OpenAiEmulator.start(LlmBenchSetup.API_KEY)) {
            openai.serve("gpt-test");
            ollama.keepRequests(false);
            openai.keepRequests(false);
            ollama.skimToolSchemas(true);
            openai.skimToolSchemas(true);
            ollama.respond(r -> (r.body().has("tools") ? Reply.toolCall("tool_0", CALL_ARGUMENTS)
                    : Reply.text("Local: Paris. Confidence: 0.9")).after(delay));
            openai.respond(r -> (r.body().has("tools") ? Reply.toolCall("tool_0", CALL_ARGUMENTS)
                    : Reply.text("Provider: Paris is the capital of France.")).withUsage(20, 8).after(delay));
            Path urls = Path.of(args[1]);
            Path written = Files.writeString(urls.resolveSibling(urls.getFileName() + ".tmp"),
                    ollama.baseUrl() + "\n" + openai.baseUrl() + "\n");
            Files.move(written, urls, StandardCopyOption.ATOMIC_MOVE); // the benchmark never reads half of it
            System.in.transferTo(OutputStream.nullOutputStream()); // until the benchmark closes it
        }
    }

    /** Launches the emulators with this JVM's java and class path; returns once both listen. */
    static GatewayEmulatorsProcess start(Duration delay, Path workDir) throws IOException, InterruptedException {
        Path urls = Files.createDirectories(workDir).resolve("emulator-urls");
        Files.deleteIfExists(urls);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                GatewayEmulatorsProcess.class.getName(), Long.toString(delay.toMillis()), urls.toString())
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!Files.exists(urls)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("the emulators' process did not start (exit " + process.waitFor() + ")");
            }
            Thread.sleep(50); // a process start: nothing to wait on but the file it writes
        }
        List<String> lines = Files.readAllLines(urls);
        return new GatewayEmulatorsProcess(process, lines.get(0), lines.get(1));
    }

    int openaiPort() {
        return java.net.URI.create(openaiUrl).getPort();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
