package dev.tandem.config;

/**
 * Gives the JVM's common pool two threads on a machine of one or two cores, unless the user sized it. Its default
 * there is one thread, and then {@code CompletableFuture} starts a new thread for every asynchronous step; the JDK
 * HTTP client hands every answer to {@code sendAsync}'s caller through such a step, so each call to an HTTP upstream
 * started a thread. The size is read once, when the pool is first used, so this is the first thing Tandem does.
 */
public final class CommonPoolDefaults {

    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private CommonPoolDefaults() {
    }

    public static void apply() {
        if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(PARALLELISM, "2");
        }
    }
}
