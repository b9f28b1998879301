package dev.tandem.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * <p>{@link #main} takes the delay in milliseconds, prints one line naming the Ollama and the OpenAI emulator's base
 * URLs once both listen, and serves until its standard input closes; {@link #start} launches it and reads that line
 * from its output (the rest of which it passes on to its own).
 */
final class GatewayEmulatorsProcess implements AutoCloseable {

    private static final String READY = "gateway emulators listening: ";

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
            System.out.println(READY + ollama.baseUrl() + " " + openai.baseUrl());
            System.in.transferTo(OutputStream.nullOutputStream()); // until the benchmark closes it
        }
    }

    /** Launches the emulators with this JVM's java and class path; returns once both listen. */
    static GatewayEmulatorsProcess start(Duration delay) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                GatewayEmulatorsProcess.class.getName(), Long.toString(delay.toMillis()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String[]> urls = CompletableFuture.supplyAsync(() -> readyLine(output));
        try {
            String[] both = urls.get(1, TimeUnit.MINUTES);
            Thread echo = new Thread(() -> passOn(output), "gateway-emulators-output");
            echo.setDaemon(true);
            echo.start();
            return new GatewayEmulatorsProcess(process, both[0], both[1]);
        } catch (ExecutionException | TimeoutException notReady) {
            process.destroyForcibly();
            throw new IOException("the emulators' process did not start (exit " + process.waitFor() + ")", notReady);
        }
    }

    /** Passes the child's output on until its ready line, which it returns split into the two URLs. */
    private static String[] readyLine(BufferedReader output) {
        try {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith(READY)) {
                    return line.substring(READY.length()).split(" ");
                }
                System.out.println(line);
            }
            throw new IllegalStateException("the emulators' process ended before it listened");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void passOn(BufferedReader output) {
        try {
            output.lines().forEach(System.out::println);
        } catch (RuntimeException closed) {
            // the process ended: nothing more to pass on
        }
    }

    long pid() {
        return process.pid();
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
