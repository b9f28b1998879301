package dev.tandem.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tandem.search.ElasticsearchDevService;

/**
 * Start-up of Tandem as its own process, with a data directory that an earlier launch initialised: time from launch
 * to {@code /observe/health} answering 200, and the resident memory of the Tandem JVM alone (not of the
 * Elasticsearch processes it starts) once it is up. Twice per round: with the Elasticsearch dev service, against the
 * dev service alone (time from {@link ElasticsearchDevService#start()} to healthy, on a data directory of its own);
 * and with {@code TANDEM_ES_URL} pointing at a cluster that runs for the whole benchmark, against an empty Camel Main
 * ({@link StartupBaselineApp}) launched the same way. The four alternate, so that other work on the machine weighs on
 * each alike.
 *
 * <p>Arguments: {@code --classpath-file <file>} (Tandem's runtime class path, ':'-separated; required unless
 * {@code --jar}), {@code --jar <path>} to launch {@code java -jar} instead, {@code --runs <n>} measured rounds
 * (default 3). Run it with {@code bench/startup}.
 */
public final class StartupBenchmark {

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Pattern ES_READY = Pattern.compile("Elasticsearch dev service ready on \\S+ in (\\d+) ms");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Path benchData = Path.of("target", "bench-data").toAbsolutePath();
    private final List<String> launchCommand;
    private final List<String> baselineCommand;

    private StartupBenchmark(List<String> launchCommand, List<String> baselineCommand) {
        this.launchCommand = launchCommand;
        this.baselineCommand = baselineCommand;
    }

    public static void main(String[] args) {
        BenchRun.main("startup", args, StartupBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs arguments = BenchArgs.parse(args, "StartupBenchmark (--classpath-file FILE | --jar JAR) [--runs 3]",
                Set.of("--jar", "--classpath-file", "--runs"), Set.of(), 0);
        Optional<Path> jar = Optional.ofNullable(arguments.text("--jar", null)).map(j -> Path.of(j).toAbsolutePath());
        Optional<Path> classpathFile = Optional.ofNullable(arguments.text("--classpath-file", null)).map(Path::of);
        int runs = arguments.integer("--runs", 3);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvm = List.of(java, "-Djava.io.tmpdir=" + Path.of("target", "bench-data", "tmp").toAbsolutePath());
        String benchClasses = Path.of(StartupBaselineApp.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString();
        List<String> tandem = new ArrayList<>(jvm);
        List<String> baseline = new ArrayList<>(jvm);
        if (jar.isPresent()) {
            tandem.addAll(List.of("-jar", jar.get().toString()));
            baseline.addAll(List.of("-cp", jar.get() + ":" + benchClasses));
        } else {
            String runtime = Files.readString(classpathFile.orElseThrow(() -> new IllegalArgumentException(
                    "Give --classpath-file <file> (Tandem's runtime class path) or --jar <path>"))).strip();
            String classes = Path.of("target", "classes").toAbsolutePath() + ":" + runtime;
            tandem.addAll(List.of("-cp", classes, "dev.tandem.TandemApplication"));
            baseline.addAll(List.of("-cp", classes + ":" + benchClasses));
        }
        baseline.add(StartupBaselineApp.class.getName());
        new StartupBenchmark(tandem, baseline).measure(runs);
    }

    private record Launch(long upMillis, long rssKiB, long elasticsearchRssKiB, long elasticsearchReadyMillis) {
    }

    private void measure(int runs) throws Exception {
        print("launch: %s", String.join(" ", launchCommand.stream().map(a -> a.length() > 120 ? a.substring(0, 117)
                + "..." : a).toList()));

        List<Long> esMillis = new ArrayList<>();
        List<Long> camelMillis = new ArrayList<>();
        List<Launch> withDevService = new ArrayList<>();
        List<Launch> withUrl = new ArrayList<>();
        // the cluster TANDEM_ES_URL points at, up for the whole run
        try (ElasticsearchDevService cluster = new ElasticsearchDevService(Optional.empty(),
                benchData.resolve("startup-es-cluster"), "512m")) {
            URI clusterUrl = cluster.start();
            for (int i = 0; i <= runs; i++) {
                String label = i == 0 ? "(initialising)" : "run " + i;
                long start = System.nanoTime();
                try (ElasticsearchDevService elasticsearch = new ElasticsearchDevService(Optional.empty(),
                        benchData.resolve("startup-es-baseline"), "512m")) {
                    elasticsearch.start();
                    long millis = millisSince(start);
                    print("elasticsearch alone %s: healthy in %d ms", label, millis);
                    if (i > 0) {
                        esMillis.add(millis);
                    }
                }
                Launch dev = launchOnce(launchCommand, i, Map.of("TANDEM_DATA_DIR",
                        benchData.resolve("startup").toString()));
                print("tandem with the dev service %s: UP in %d ms, Tandem JVM RSS %d MiB, Elasticsearch RSS %d MiB, "
                        + "dev service ready after %s ms (its own log)", label, dev.upMillis, dev.rssKiB / 1024,
                        dev.elasticsearchRssKiB / 1024,
                        dev.elasticsearchReadyMillis < 0 ? "?" : Long.toString(dev.elasticsearchReadyMillis));
                Launch camel = launchOnce(baselineCommand, i, Map.of());
                print("empty camel main %s: UP in %d ms, JVM RSS %d MiB", label, camel.upMillis, camel.rssKiB / 1024);
                Launch url = launchOnce(launchCommand, i, Map.of("TANDEM_DATA_DIR",
                        benchData.resolve("startup-with-url").toString(), "TANDEM_ES_URL", clusterUrl.toString(),
                        "TANDEM_ES_INDEX", "startup-bench"));
                print("tandem with TANDEM_ES_URL %s: UP in %d ms, Tandem JVM RSS %d MiB", label, url.upMillis,
                        url.rssKiB / 1024);
                if (i > 0) {
                    withDevService.add(dev);
                    camelMillis.add(camel.upMillis);
                    withUrl.add(url);
                }
            }
        }

        long devMedian = median(withDevService.stream().map(Launch::upMillis).toList());
        long esMedian = median(esMillis);
        long urlMedian = median(withUrl.stream().map(Launch::upMillis).toList());
        long camelMedian = median(camelMillis);
        print("");
        print("=== start-up (%d cores; other work may share the machine; load average now %s) ===",
                Runtime.getRuntime().availableProcessors(), BenchRun.loadAverage());
        print("with the dev service: tandem launch -> /observe/health 200   median %d ms of %s", devMedian,
                withDevService.stream().map(Launch::upMillis).toList());
        print("  elasticsearch dev service alone                           median %d ms of %s", esMedian, esMillis);
        print("  ratio tandem / elasticsearch alone                        %.2f", (double) devMedian / esMedian);
        List<Long> afterReady = withDevService.stream().filter(l -> l.elasticsearchReadyMillis >= 0)
                .map(l -> l.upMillis - l.elasticsearchReadyMillis).toList();
        if (!afterReady.isEmpty()) {
            print("  UP after the dev service was ready (Tandem's log)         median %d ms of %s (goal <= 3000)",
                    median(afterReady), afterReady);
        }
        print("  tandem JVM RSS when UP                                    median %d MiB of %s",
                median(withDevService.stream().map(Launch::rssKiB).toList()) / 1024,
                withDevService.stream().map(l -> l.rssKiB / 1024).toList());
        print("  elasticsearch RSS (children) when UP                      median %d MiB",
                median(withDevService.stream().map(Launch::elasticsearchRssKiB).toList()) / 1024);
        print("with TANDEM_ES_URL:   tandem launch -> /observe/health 200   median %d ms of %s (goal <= 5000)",
                urlMedian, withUrl.stream().map(Launch::upMillis).toList());
        print("  empty camel main launch -> 200                            median %d ms of %s", camelMedian,
                camelMillis);
        print("  ratio tandem / empty camel main                           %.2f", (double) urlMedian / camelMedian);
        print("  tandem JVM RSS when UP                                    median %d MiB of %s",
                median(withUrl.stream().map(Launch::rssKiB).toList()) / 1024,
                withUrl.stream().map(l -> l.rssKiB / 1024).toList());
    }

    private Launch launchOnce(List<String> command, int run, Map<String, String> settings) throws Exception {
        Path work = Files.createDirectories(benchData.resolve("startup-work"));
        Path inbox = Files.createDirectories(benchData.resolve("startup-inboxes").resolve("run-" + run + "-"
                + System.nanoTime()));
        Path log = Files.createDirectories(benchData.resolve("startup-logs")).resolve("launch-" + run + "-"
                + System.nanoTime() + ".log");
        int port = BenchApp.freePort();
        List<String> args = new ArrayList<>(command);
        if (command == baselineCommand) {
            args.add(Integer.toString(port));
        }
        ProcessBuilder builder = new ProcessBuilder(args)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("TANDEM_"));
        env.put("TANDEM_HTTP_PORT", Integer.toString(port));
        env.put("TANDEM_INBOX", inbox.toString());
        env.put("DJL_CACHE_DIR", benchData.resolve("djl-cache").toString());
        env.putAll(settings);

        long start = System.nanoTime();
        Process process = builder.start();
        try {
            URI health = URI.create("http://127.0.0.1:" + port + "/observe/health");
            long deadline = start + UP_TIMEOUT.toNanos();
            while (!answersUp(health)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The launch exited with " + process.exitValue() + "; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The launch was not UP within " + UP_TIMEOUT + "; see " + log);
                }
                LockSupport.parkNanos(POLL_INTERVAL.toNanos());
            }
            long upMillis = millisSince(start);
            long rss = vmRssKiB(process.pid());
            long esRss = process.descendants().mapToLong(p -> vmRssKiB(p.pid())).sum();
            return new Launch(upMillis, rss, esRss, elasticsearchReady(log));
        } finally {
            stop(process);
        }
    }

    /** Asks the process to stop as on Ctrl-C, waits, then makes sure its descendants (Elasticsearch) are gone too. */
    private static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!waitFor(process.toHandle())) {
            process.destroyForcibly();
            waitFor(process.toHandle());
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroy();
                if (!waitFor(child)) {
                    child.destroyForcibly();
                    waitFor(child);
                }
            }
        }
    }

    private static boolean waitFor(ProcessHandle handle) {
        try {
            handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean answersUp(URI health) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** The time the application logged for its Elasticsearch dev service to become ready, or -1. */
    private static long elasticsearchReady(Path log) {
        try {
            Matcher m = ES_READY.matcher(Files.readString(log));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long vmRssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void print(String format, Object... args) {
        System.out.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
