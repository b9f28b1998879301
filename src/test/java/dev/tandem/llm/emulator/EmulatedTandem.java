package dev.tandem.llm.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import dev.tandem.RunningTandem;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's Tandem wired to the emulated pair ({@link EmulatedModels}): register it on a static field with
 * {@code @RegisterExtension}. The emulators start with it and Tandem at the first call of {@link #tandem()}, so that
 * the class may keep all three in fields, or first write files in Tandem's folder ({@link #work()}, inbox under it)
 * and add settings that name them; all stop after the last test. Between tests the emulators keep their answers and what they were sent unless the class asks
 * for {@link #resetBeforeEach()}, and are checked only when it asks for {@link #checkRequestsAfterEach()}.
 */
public final class EmulatedTandem implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    private final OllamaEmulator ollama = OllamaEmulator.start();
    private final OpenAiEmulator openai;
    /** Circuit breakers out of reach, so that tests do not trip each other; a class may set its own. */
    private final Map<String, String> settings = new HashMap<>(Map.of("tandem.llm.breaker.failures", "1000"));
    private boolean reset;
    private boolean check;
    /** The class whose tests this serves: a {@code @Nested} class inherits the extension and shares its Tandem. */
    private Class<?> owner;
    private Path work;
    private RunningTandem tandem;

    private EmulatedTandem(String apiKey) {
        openai = OpenAiEmulator.start(apiKey);
        openai.serve("gpt-test");
    }

    /** The pair, with an OpenAI emulator that serves {@code gpt-test} to the holder of {@code apiKey}. */
    public static EmulatedTandem withProviderKey(String apiKey) {
        return new EmulatedTandem(apiKey);
    }

    /** Tandem's settings beyond the pair's (added, or replacing the pair's); only before Tandem starts. */
    public EmulatedTandem settings(Map<String, String> more) {
        if (tandem != null) {
            throw new IllegalStateException("Tandem has started: give its settings before the first tandem()");
        }
        settings.putAll(more);
        return this;
    }

    /** Before each test, both emulators forget what they were sent and how to answer. */
    public EmulatedTandem resetBeforeEach() {
        reset = true;
        return this;
    }

    /** After each test, neither emulator was sent what the configuration does not allow. */
    public EmulatedTandem checkRequestsAfterEach() {
        check = true;
        return this;
    }

    public OllamaEmulator ollama() {
        return ollama;
    }

    public OpenAiEmulator openai() {
        return openai;
    }

    /** Started at the first call, with the settings given until then. */
    public RunningTandem tandem() {
        if (tandem == null) {
            try {
                tandem = RunningTandem.start(inbox(), work().resolve("data"), settingsWith(Map.of()));
            } catch (Exception e) {
                throw new IllegalStateException("Tandem did not start", e);
            }
        }
        return tandem;
    }

    /** Tandem's folder: its data, and {@link #inbox()}. */
    public Path work() {
        if (work == null) {
            try {
                work = Files.createTempDirectory("emulated-tandem");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return work;
    }

    public Path inbox() {
        return work().resolve("inbox");
    }

    /** The settings of this Tandem with {@code more}, for a second Tandem on the same emulators. */
    public Map<String, String> settingsWith(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(more);
        return EmulatedModels.settings(ollama, openai, all);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (owner == null) {
            owner = context.getRequiredTestClass();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (reset) {
            ollama.reset();
            openai.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (check) {
            ollama.violations().assertNone();
            openai.violations().assertNone();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (context.getRequiredTestClass() != owner) {
            return;
        }
        try (OllamaEmulator local = ollama; OpenAiEmulator provider = openai) {
            if (tandem != null) {
                tandem.close();
            }
        } finally {
            if (work != null) {
                delete(work);
            }
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
