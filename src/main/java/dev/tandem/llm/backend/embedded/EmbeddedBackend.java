package dev.tandem.llm.backend.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.Pair;
import dev.tandem.llm.BackendAnswer;
import dev.tandem.llm.BackendException;
import dev.tandem.llm.BackendException.Kind;
import dev.tandem.llm.ChatBackend;
import dev.tandem.llm.ChatMessage;
import dev.tandem.llm.ChatOptions;
import dev.tandem.llm.ChatPrompt;
import dev.tandem.llm.Deadlines;
import dev.tandem.llm.ModelDescription;
import dev.tandem.llm.TokenUsage;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The local model run in this JVM by llama.cpp. Each call takes its turn on the model ({@link GenerationQueue}),
 * formats the conversation with the model's chat template and reads the answer token by token on the calling thread,
 * so an interrupt (a strategy dropping the branch) or a passed deadline stops the generation at the next token.
 */
public final class EmbeddedBackend implements ChatBackend, AutoCloseable {

    private static final String NAME = "The embedded model";

    private final EmbeddedModel model;
    private final Double temperature;
    private final Integer maxTokens;
    private final GenerationQueue queue;
    private final GenerationMetrics metrics;

    /** {@code temperature} and {@code maxTokens} are the defaults for prompts that do not set them ({@code null}: llama.cpp's). */
    public EmbeddedBackend(EmbeddedModel model, Double temperature, Integer maxTokens, MeterRegistry registry) {
        this.model = model;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.queue = new GenerationQueue(model.settings().queue());
        this.metrics = new GenerationMetrics(registry, model.file().name(), model.file().sizeBytes());
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public String model() {
        return model.file().name();
    }

    @Override
    public Role role() {
        return Role.LOCAL;
    }

    @Override
    public BackendAnswer chat(ChatPrompt prompt, Deadlines deadlines) {
        return stream(prompt, deadlines, piece -> { });
    }

    @Override
    public BackendAnswer stream(ChatPrompt prompt, Deadlines deadlines, Consumer<String> onToken) {
        refuseWhatItCannotDo(prompt);
        Instant start = Instant.now();
        Instant deadline = start.plus(deadlines.total());
        return queue.inTurn(deadline, deadlines.total(), () -> generate(prompt, deadlines, deadline, onToken));
    }

    private BackendAnswer generate(ChatPrompt prompt, Deadlines deadlines, Instant deadline, Consumer<String> onToken) {
        String text = template(prompt.messages());
        int promptTokens = model.countPromptTokens(text);
        int context = contextWindow();
        if (promptTokens >= context) {
            throw new BackendException(Kind.REJECTED, "The conversation is " + promptTokens + " tokens long and the"
                    + " embedded model's context holds " + context + " (TANDEM_LOCAL_CONTEXT_SIZE)",
                    "context_length_exceeded", null, null);
        }
        Integer asked = prompt.maxTokens() != null ? prompt.maxTokens() : maxTokens;
        // without a limit llama.cpp would shift the context and never stop: an answer ends when the context is full
        int limit = Math.min(asked == null || asked <= 0 ? Integer.MAX_VALUE : asked, context - promptTokens);
        long started = System.nanoTime();
        long firstTokenBy = started + Math.min(deadlines.firstToken().toNanos(), deadlines.total().toNanos());
        LlamaIterator tokens = model.generate(parameters(text, prompt, limit));
        StopSequences stops = new StopSequences(prompt.options().stop());
        StringBuilder answer = new StringBuilder();
        int generated = 0;
        long firstTokenAt = 0;
        boolean finished = false;
        try {
            while (tokens.hasNext()) {
                LlamaOutput output = tokens.next();
                finished = !tokens.hasNext(); // the last output closes the answer: it is not a token
                if (!finished) {
                    generated++;
                    if (generated == 1) {
                        firstTokenAt = System.nanoTime();
                        metrics.firstToken(firstTokenAt - started);
                        if (firstTokenAt > firstTokenBy) {
                            throw new BackendException(Kind.FIRST_TOKEN_TIMEOUT, NAME + " gave no first token within "
                                    + deadlines.firstToken().toMillis() + " ms");
                        }
                    }
                }
                show(stops.accept(output.text), answer, onToken);
                if (stops.stopped()) {
                    break;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new BackendException(Kind.CANCELLED, "The call to the embedded model was cancelled");
                }
                if (!finished && Instant.now().isAfter(deadline)) {
                    throw new BackendException(Kind.TIMEOUT, NAME + " gave no complete answer within "
                            + deadlines.total().toMillis() + " ms");
                }
            }
        } catch (BackendException decided) {
            throw decided;
        } catch (RuntimeException failed) { // llama.cpp's LlamaException, which the binding does not make public
            throw new BackendException(Kind.SERVER_ERROR, NAME + " failed: " + failed.getMessage());
        } finally {
            if (!finished) {
                tokens.cancel();
            }
        }
        show(stops.rest(), answer, onToken);
        if (generated > 1) {
            metrics.generated(generated - 1, System.nanoTime() - firstTokenAt);
        }
        if (answer.isEmpty()) {
            throw new BackendException(Kind.EMPTY, NAME + " answered with no text");
        }
        boolean cutOff = !stops.stopped() && generated >= limit;
        return new BackendAnswer(answer.toString(), cutOff ? "length" : "stop", usage(promptTokens, generated));
    }

    private static void show(String piece, StringBuilder answer, Consumer<String> onToken) {
        if (!piece.isEmpty()) {
            answer.append(piece);
            onToken.accept(piece);
        }
    }

    private InferenceParameters parameters(String text, ChatPrompt prompt, int limit) {
        InferenceParameters parameters = new InferenceParameters(text).setCachePrompt(true).setNPredict(limit);
        Double chosen = prompt.temperature() != null ? prompt.temperature() : temperature;
        if (chosen != null) {
            parameters.setTemperature(chosen.floatValue());
        }
        ChatOptions options = prompt.options();
        if (options.seed() != null) {
            parameters.setSeed(options.seed().intValue());
        }
        if (options.topP() != null) {
            parameters.setTopP(options.topP().floatValue());
        }
        return parameters;
    }

    /** llama.cpp's chat templates take one system message; several are joined in order. */
    private String template(List<ChatMessage> messages) {
        List<String> system = new ArrayList<>();
        List<Pair<String, String>> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            String content = Objects.requireNonNullElse(message.content(), "");
            if ("system".equals(message.role())) {
                system.add(content);
            } else {
                turns.add(new Pair<>("assistant".equals(message.role()) ? "assistant" : "user", content));
            }
        }
        return model.applyTemplate(system.isEmpty() ? null : String.join("\n\n", system), turns);
    }

    private static void refuseWhatItCannotDo(ChatPrompt prompt) {
        String missing = !prompt.options().callableTools().isEmpty() ? "call tools"
                : prompt.options().responseFormat().json() ? "answer in a JSON format"
                : prompt.hasImages() ? "read images" : null;
        if (missing != null) {
            throw new BackendException(Kind.REJECTED, NAME + " cannot " + missing, "unsupported_request", null, null);
        }
    }

    private static TokenUsage usage(int promptTokens, int generated) {
        Map<String, Long> reported = new LinkedHashMap<>();
        reported.put("prompt_tokens", (long) promptTokens);
        reported.put("completion_tokens", (long) generated);
        return new TokenUsage(promptTokens, generated, reported);
    }

    private int contextWindow() {
        return model.settings().contextSize() > 0 ? model.settings().contextSize()
                : model.file().contextLength().orElse(Integer.MAX_VALUE);
    }

    @Override
    public ModelDescription describe() {
        GgufFile file = model.file();
        EmbeddedSettings settings = model.settings();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("threads", settings.threads());
        options.put("batch_size", settings.batchSize());
        options.put("queue", settings.queue());
        file.contextLength().ifPresent(trained -> options.put("trained_context_length", trained));
        return new ModelDescription(
                new ModelDescription.ModelIdentification(id(), "embedded", model(), file.architecture(),
                        file.parameterSize(), file.quantization().orElse(null), file.path().toString()),
                new ModelDescription.ModelCapabilities(contextWindow(), true, false, false, false),
                new ModelDescription.InferenceSettings(temperature, maxTokens, null, options),
                new ModelDescription.TokenizerDetails(file.tokenizer().orElse(null), "GGUF metadata"));
    }

    /** For {@code /observe/health}: the model, its memory and its last speed. */
    String healthSummary() {
        GgufFile file = model.file();
        StringBuilder summary = new StringBuilder(file.name() + " (" + file.architecture() + " "
                + file.parameterSize() + ", " + file.quantization().orElse("unknown quantization") + ") loaded: "
                + megabytes(file.sizeBytes()) + " of weights");
        GenerationMetrics.residentBytes().ifPresent(r -> summary.append(", process resident ").append(megabytes(r)));
        metrics.lastTokensPerSecond().ifPresent(t -> summary.append(String.format(java.util.Locale.ROOT,
                "; last answer %.1f tokens/s", t)));
        metrics.lastFirstToken().map(Duration::toMillis).ifPresent(ms -> summary.append(", first token in ")
                .append(ms).append(" ms"));
        summary.append("; ").append(queue.waiting()).append(" waiting");
        return summary.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    @Override
    public void close() {
        model.close();
    }
}
