package dev.tandem.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Warms this JVM until its JIT compiler is quiet: slices of load, at least a given time, then until one slice of
 * {@link #SLICE_SECONDS} made the compiler work for less than {@link #QUIET_MS} ms, or a cap is reached. A fixed
 * warm-up that suits one machine leaves another still compiling in the measured rows (5 s here measured 0.75 of the
 * direct throughput where a warm JVM measured 0.94), so the warm-up is judged by the compiler, not by the clock.
 * Only for benchmarks that run Tandem inside the benchmark's own JVM: the compiler watched is this JVM's.
 */
final class JitWarmUp {

    static final double SLICE_SECONDS = 5;
    /** Compilation time per slice below which the JIT counts as quiet. */
    static final long QUIET_MS = 100;

    /** What a warm-up took. */
    record Outcome(double seconds, long compiledMs, long lastSliceMs, boolean quiet) {

        @Override
        public String toString() {
            return String.format("%.0f s, the JIT compiling for %d ms in all and %d ms in the last %.0f s%s", seconds,
                    compiledMs, lastSliceMs, SLICE_SECONDS, quiet ? "" : " (NOT quiet: the cap was reached)");
        }
    }

    /** One slice of warm-up load, run for about the given seconds. */
    interface Slice {
        void run(double seconds) throws Exception;
    }

    private JitWarmUp() {
    }

    static Outcome until(Slice slice, double minSeconds, double maxSeconds) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long begin = System.nanoTime();
        long compiledAtBegin = jit.getTotalCompilationTime();
        long lastSlice = Long.MAX_VALUE;
        double elapsed = 0;
        while (elapsed < maxSeconds && (elapsed < minSeconds || lastSlice >= QUIET_MS)) {
            long before = jit.getTotalCompilationTime();
            slice.run(Math.min(SLICE_SECONDS, Math.max(1, maxSeconds - elapsed)));
            lastSlice = jit.getTotalCompilationTime() - before;
            elapsed = (System.nanoTime() - begin) / 1e9;
        }
        return new Outcome(elapsed, jit.getTotalCompilationTime() - compiledAtBegin, lastSlice,
                lastSlice < QUIET_MS);
    }

    /** Milliseconds this JVM's JIT has compiled for since it started. */
    static long compiledMs() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }
}
