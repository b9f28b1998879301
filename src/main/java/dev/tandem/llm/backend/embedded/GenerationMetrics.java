package dev.tandem.llm.backend.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The embedded model's speed and memory: time to first token and tokens per second of each answer (as meters and as
 * the last figures for {@code /observe/health}), the weights' size and the process's resident memory, which is where
 * llama.cpp's buffers live (the JVM heap does not see them).
 */
public final class GenerationMetrics {

    private static final Path PROCESS_STATUS = Path.of("/proc/self/status");

    private final Timer firstToken;
    private final DistributionSummary tokensPerSecond;
    private volatile Duration lastFirstToken;
    private volatile double lastTokensPerSecond = Double.NaN;

    GenerationMetrics(MeterRegistry registry, String model, long weightBytes) {
        this.firstToken = Timer.builder("tandem.embedded.first.token").tag("model", model)
                .description("Time from the start of a generation to its first token").register(registry);
        this.tokensPerSecond = DistributionSummary.builder("tandem.embedded.tokens.per.second").tag("model", model)
                .description("Tokens generated per second after the first one, per answer").register(registry);
        Gauge.builder("tandem.embedded.weights.bytes", () -> weightBytes).tag("model", model)
                .description("Size of the loaded GGUF file").register(registry);
        Gauge.builder("tandem.embedded.process.resident.bytes", () -> residentBytes().orElse(-1)).tag("model", model)
                .description("Resident memory of the Tandem process, llama.cpp's buffers included").register(registry);
    }

    void firstToken(long nanos) {
        lastFirstToken = Duration.ofNanos(nanos);
        firstToken.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code tokens} generated in {@code nanos} after the first one. */
    void generated(int tokens, long nanos) {
        if (tokens > 0 && nanos > 0) {
            lastTokensPerSecond = tokens * 1e9 / nanos;
            tokensPerSecond.record(lastTokensPerSecond);
        }
    }

    Optional<Duration> lastFirstToken() {
        return Optional.ofNullable(lastFirstToken);
    }

    Optional<Double> lastTokensPerSecond() {
        return Double.isNaN(lastTokensPerSecond) ? Optional.empty() : Optional.of(lastTokensPerSecond);
    }

    /** VmRSS from {@code /proc/self/status}; empty where there is no such file (macOS, Windows). */
    public static OptionalLong residentBytes() {
        try {
            for (String line : Files.readAllLines(PROCESS_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException unknown) {
            // not Linux, or a kernel that words it differently: the figure is left out
        }
        return OptionalLong.empty();
    }
}
