package dev.tandem.bench;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The CPU each load run cost per request, read from {@code /proc}: the benchmark's own JVM (the load client, and
 * Tandem when Tandem is the target) and the emulators' process. A direct run's JVM figure is the load client's
 * alone, so Tandem's own CPU per request is about the JVM figure of a Tandem run minus that of the direct run at the
 * same load.
 */
final class RunCpu {

    /** CPU milliseconds per request. */
    record PerRequest(double jvmMs, double emulatorsMs) {
    }

    private final long jvmPid = ProcessHandle.current().pid();
    private final long emulatorsPid;
    private final Map<HttpLoad.Run, PerRequest> measured = new IdentityHashMap<>();

    RunCpu(long emulatorsPid) {
        this.emulatorsPid = emulatorsPid;
    }

    HttpLoad.Run measure(Callable<HttpLoad.Run> load) throws Exception {
        double jvm = IngestionCpuAccounting.seconds(jvmPid);
        double emulators = IngestionCpuAccounting.seconds(emulatorsPid);
        HttpLoad.Run run = load.call();
        int requests = Math.max(1, run.outcomes().size());
        measured.put(run, new PerRequest((IngestionCpuAccounting.seconds(jvmPid) - jvm) * 1000 / requests,
                (IngestionCpuAccounting.seconds(emulatorsPid) - emulators) * 1000 / requests));
        return run;
    }

    PerRequest of(HttpLoad.Run run) {
        return measured.get(run);
    }
}
