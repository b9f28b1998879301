package dev.tandem.llm.backend.embedded;

import java.util.List;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GGUF model loaded into this process by llama.cpp, with what its header says. The file is checked before
 * llama.cpp sees it: a truncated or foreign file gets a message instead of a native crash.
 */
public final class EmbeddedModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedModel.class);
    private static final Logger NATIVE_LOG = LoggerFactory.getLogger("llama.cpp");

    private final GgufFile file;
    private final EmbeddedSettings settings;
    private final LlamaModel llama;

    private EmbeddedModel(GgufFile file, EmbeddedSettings settings, LlamaModel llama) {
        this.file = file;
        this.settings = settings;
        this.llama = llama;
    }

    /** Throws {@link InvalidModelFile} when the file cannot be used, whatever the reason. */
    public static EmbeddedModel load(EmbeddedSettings settings) {
        GgufFile file = GgufFile.read(settings.gguf());
        try {
            ModelParameters parameters = new ModelParameters().setModel(file.path().toString())
                    .setThreads(settings.threads()).setThreadsBatch(settings.threads())
                    .setBatchSize(settings.batchSize()).setParallel(1);
            if (!NATIVE_LOG.isDebugEnabled()) {
                parameters.disableLog(); // llama.cpp writes lines per request to the console: only on demand
            }
            if (settings.contextSize() > 0) {
                parameters.setCtxSize(settings.contextSize());
            }
            long started = System.nanoTime();
            LlamaModel llama = new LlamaModel(parameters);
            LOG.info("Embedded model {} ({} {}, {}) loaded from {} in {} ms", file.name(), file.architecture(),
                    file.parameterSize(), file.quantization().orElse("unknown quantization"), file.path(),
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedModel(file, settings, llama);
        } catch (RuntimeException refused) { // LlamaException, which the binding does not make public
            throw new InvalidModelFile("llama.cpp could not load " + file.path() + ": " + refused.getMessage());
        } catch (UnsatisfiedLinkError noNatives) {
            throw new InvalidModelFile("llama.cpp's native library does not load on this machine ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): "
                    + noNatives.getMessage());
        }
    }

    public GgufFile file() {
        return file;
    }

    public EmbeddedSettings settings() {
        return settings;
    }

    /** The conversation in the model's own chat template, ready to generate the assistant's turn. */
    String applyTemplate(String system, List<Pair<String, String>> turns) {
        return llama.applyTemplate(new InferenceParameters("").setMessages(system, turns));
    }

    /** The prompt's length in tokens as llama.cpp will count it (with the BOS token the model adds). */
    int countPromptTokens(String prompt) {
        return llama.encode(prompt).length + (file.addsBosToken() ? 1 : 0);
    }

    LlamaIterator generate(InferenceParameters parameters) {
        return llama.generate(parameters).iterator();
    }

    /** The raw binding, for the benchmark that measures Tandem's overhead against it. */
    public LlamaModel binding() {
        return llama;
    }

    @Override
    public void close() {
        llama.close();
    }
}
