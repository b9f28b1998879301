package dev.tandem.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.tandem.llm.ModelContext.RuntimeProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Stands in front of one backend: a circuit breaker (so an outage costs one probe per cool-down window, not a
 * timeout per request), the backend's own {@code Retry-After}, and the per-backend metrics and moving averages
 * that {@link ModelContext.RuntimeProperties} reports.
 */
public final class BackendGate {

    /** Consecutive outage failures that open the circuit. */
    public record Settings(int failureThreshold, Duration coolDown) {
    }

    private static final double LATENCY_SMOOTHING = 0.2;

    private final ChatBackend backend;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final AtomicReference<Instant> quietUntil = new AtomicReference<>(Instant.EPOCH);
    private final AtomicReference<Double> latencyAverageMs = new AtomicReference<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Boolean lastCallSucceeded;
    private final Timer latency;
    private final Counter inputTokens;
    private final Counter outputTokens;
    private final Counter cost;
    private final Map<BackendException.Kind, Counter> errors = new EnumMap<>(BackendException.Kind.class);

    public BackendGate(ChatBackend backend, Settings settings, MeterRegistry metrics, Clock clock) {
        this.backend = backend;
        this.clock = clock;
        // count-based window of N with a 100% threshold = N consecutive failures; one probe when half-open
        this.breaker = CircuitBreaker.of(backend.id(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failureThreshold())
                .minimumNumberOfCalls(settings.failureThreshold())
                .failureRateThreshold(100)
                .waitDurationInOpenState(settings.coolDown())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> e instanceof BackendException b && b.isOutage())
                .build());
        this.latency = Timer.builder("tandem.llm.latency").tag("backend", backend.id())
                .description("Time of successful backend calls").publishPercentileHistogram().register(metrics);
        // meters registered once here: each call only increments them
        this.inputTokens = Counter.builder("tandem.llm.tokens").tag("backend", backend.id()).tag("direction", "input")
                .register(metrics);
        this.outputTokens = Counter.builder("tandem.llm.tokens").tag("backend", backend.id())
                .tag("direction", "output").register(metrics);
        this.cost = Counter.builder("tandem.llm.cost").baseUnit("usd").tag("backend", backend.id())
                .description("Estimated cost from the price table").register(metrics);
        for (BackendException.Kind kind : BackendException.Kind.values()) {
            errors.put(kind, Counter.builder("tandem.llm.errors").tag("backend", backend.id())
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(metrics));
        }
        Gauge.builder("tandem.llm.circuit.open", breaker, b -> b.getState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .tag("backend", backend.id()).description("1 while the backend's circuit is open or half-open")
                .register(metrics);
    }

    public ChatBackend backend() {
        return backend;
    }

    /**
     * Whether a call may go out now. When false, {@link #refusal()} says why. A permission that is granted must be
     * settled by exactly one of {@link #succeeded}, {@link #failed} or {@link #abandoned}.
     */
    public boolean tryAcquire() {
        if (clock.instant().isBefore(quietUntil.get())) {
            return false;
        }
        return breaker.tryAcquirePermission();
    }

    public BackendException refusal() {
        Instant until = quietUntil.get();
        Instant now = clock.instant();
        if (now.isBefore(until)) {
            long seconds = Math.max(1, Duration.between(now, until).toSeconds());
            return new BackendException(BackendException.Kind.CIRCUIT_OPEN,
                    "not called: it asked to be left alone (Retry-After) for another " + seconds + " s.");
        }
        return new BackendException(BackendException.Kind.CIRCUIT_OPEN,
                "not called: it kept failing, so its circuit is open until one probe after the cool-down.");
    }

    public void succeeded(Duration took, BackendAnswer answer) {
        breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
        calls.incrementAndGet();
        lastCallSucceeded = true;
        latency.record(took);
        latencyAverageMs.accumulateAndGet((double) took.toMillis(),
                (avg, sample) -> avg == null ? sample : avg + LATENCY_SMOOTHING * (sample - avg));
        inputTokens.increment(answer.usage().inputTokens());
        outputTokens.increment(answer.usage().outputTokens());
    }

    public void failed(Duration took, BackendException failure) {
        calls.incrementAndGet();
        failure.retryAfter().ifPresent(wait -> quietUntil.set(clock.instant().plus(wait)));
        if (failure.isOutage()) {
            failures.incrementAndGet();
            lastCallSucceeded = false;
            breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, failure);
        } else {
            // the backend answered (a rejected or empty request): it is up
            lastCallSucceeded = true;
            breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
        }
        errors.get(failure.kind()).increment();
    }

    /** The call was cancelled (another branch won): says nothing about the backend's health. */
    public void abandoned() {
        breaker.releasePermission();
    }

    public void recordCost(double dollars) {
        cost.increment(dollars);
    }

    public String circuitState() {
        return breaker.getState().name().toLowerCase(Locale.ROOT);
    }

    public RuntimeProperties runtime() {
        boolean reachable = breaker.getState() == CircuitBreaker.State.CLOSED && !Boolean.FALSE.equals(lastCallSucceeded);
        return new RuntimeProperties(reachable, latencyAverageMs.get(), circuitState(), calls.get(), failures.get());
    }
}
