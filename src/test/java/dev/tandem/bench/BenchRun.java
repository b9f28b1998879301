package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.tandem.config.CommonPoolDefaults;

/**
 * The frame of every benchmark's {@code main}: a header with the machine's load, the benchmark, the command that
 * repeats it, and the exit status. It always exits: a failed start of the app can leave threads behind that would
 * keep the JVM alive.
 */
final class BenchRun {

    /** A benchmark's work, given its command line. */
    interface Body {
        void run(String[] args) throws Exception;
    }

    private BenchRun() {
    }

    /** {@code script} is the benchmark's name under bench/, as the printed command names it. */
    static void main(String script, String[] args, Body body) {
        // Tandem runs in the benchmark's JVM: sized as its own main sizes it
        CommonPoolDefaults.apply();
        System.out.printf("cpus: %d, load average at start: %s%n", Runtime.getRuntime().availableProcessors(),
                loadAverage());
        int status = 0;
        try {
            body.run(args);
            System.out.println("command: bench/" + script + (args.length == 0 ? "" : " " + String.join(" ", args)));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** The kernel's load averages (1, 5, 15 minutes), as /proc/loadavg gives them. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
