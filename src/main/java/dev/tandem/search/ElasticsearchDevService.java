package dev.tandem.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.tandem.config.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Elasticsearch distribution that the build unpacked, as a child process on a free loopback port, with its
 * data under Tandem's data directory so that it survives restarts. Used when no Elasticsearch URL is configured, and
 * by the tests. Elasticsearch refuses to run as root: as root the node runs as the unprivileged user 65534. The node
 * dies with Tandem, however Tandem ends: a small bash watchdog starts it and stops it when Tandem's end of the
 * watchdog's standard input closes, which the kernel does for a killed process too (kill -9 leaves no shutdown hook).
 */
public final class ElasticsearchDevService implements AutoCloseable {

    public static final String VERSION = "8.19.21";
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchDevService.class);
    private static final int UNPRIVILEGED_ID = 65534;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Runs its arguments (the node) and a watcher, each in a process group of its own. The watcher reads the standard
     * input, a pipe only Tandem writes to, and at its end stops the node's whole group: its script, its CLI and its
     * server JVMs. When the node ends first, the watcher goes and the node's status is the exit status. Ctrl-C reaches
     * Tandem, which stops the node itself. Plain bash 3.2 (macOS) is enough.
     */
    private static final String WATCHDOG = String.join("\n",
            "trap '' INT",
            "set -m",
            "exec 3<&0 </dev/null",
            "\"$@\" 3<&- &",
            "node=$!",
            "{ cat <&3 >/dev/null; kill -TERM -- -$node 2>/dev/null; } &",
            "watcher=$!",
            "exec 3<&-",
            // with job control, wait also returns when the node is only stopped (SIGSTOP): wait again while it lives
            "while :; do",
            "  wait $node",
            "  status=$?",
            "  kill -0 $node 2>/dev/null || break",
            "  sleep 1",
            "done",
            "kill -TERM -- -$watcher 2>/dev/null",
            "exit $status");

    private final Path home;
    private final Path base;
    private final String heap;
    private Process process;
    private URI url;
    private long launchedAt;
    private boolean ready;

    /**
     * @param home    the unpacked distribution; empty to find the one the build unpacked
     * @param dataDir Tandem's data directory; the node keeps its data, logs and settings in {@code elasticsearch/}
     * @param heap    the node's JVM heap, e.g. {@code 512m}
     */
    public ElasticsearchDevService(Optional<Path> home, Path dataDir, String heap) {
        this.home = home.orElseGet(ElasticsearchDevService::unpackedByBuild).toAbsolutePath().normalize();
        this.base = dataDir.resolve("elasticsearch").toAbsolutePath().normalize();
        this.heap = heap;
    }

    /** Starts the node and waits until it answers; returns its URL. */
    public URI start() {
        launch();
        awaitReady();
        return url;
    }

    /** Starts the node without waiting for it, so that other start-up work can overlap; returns its URL. */
    public synchronized URI launch() {
        if (process != null) {
            return url;
        }
        if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("No Elasticsearch distribution at " + home + ". Build once with 'mvn package' "
                    + "(it unpacks Elasticsearch " + VERSION + " into target/elasticsearch), set TANDEM_ES_HOME to an "
                    + "unpacked distribution, or set TANDEM_ES_URL to use a running cluster.");
        }
        try {
            stopLeftover();
            Path config = prepareDirectories();
            int port = freePort();
            url = URI.create("http://127.0.0.1:" + port);
            ProcessBuilder builder = new ProcessBuilder(command(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("logs/console.log").toFile()));
            Map<String, String> env = builder.environment();
            env.put("ES_JAVA_HOME", System.getProperty("java.home"));
            env.put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
            env.put("ES_TMPDIR", base.resolve("tmp").toString());
            env.put("ES_PATH_CONF", config.toString());
            env.remove("JAVA_TOOL_OPTIONS");
            LOG.info("Starting Elasticsearch {} dev service on {} (data in {})", VERSION, url, base);
            launchedAt = System.nanoTime();
            process = builder.start();
            // the node's pid, then ours: a later Tandem stops the node only when we are gone
            Files.writeString(base.resolve("elasticsearch.pid"), process.pid() + "\n" + ProcessHandle.current().pid());
            return url;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Cannot start the Elasticsearch dev service: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public synchronized URI url() {
        return url;
    }

    /** Stops the node and every process it started; waits for them to end. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        LOG.info("Stopping the Elasticsearch dev service");
        stopTree(process.toHandle());
        try {
            Files.deleteIfExists(base.resolve("elasticsearch.pid"));
        } catch (IOException e) {
            LOG.debug("Cannot delete the pid file", e);
        }
        process = null;
        ready = false;
    }

    /** Asks a process and its children to stop, and kills those still running after the grace period. */
    private static void stopTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                handle.destroyForcibly();
            }
        }
    }

    private List<String> command(int port) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", WATCHDOG, "tandem-elasticsearch-watchdog"));
        if (isRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups",
                    "--"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        Stream.of(
                "cluster.name=tandem-dev",
                "node.name=tandem-dev",
                "discovery.type=single-node",
                "network.host=127.0.0.1",
                "http.port=" + port,
                "transport.port=0",
                "xpack.security.enabled=false",
                // a laptop's nearly full disk must not turn the index read-only
                "cluster.routing.allocation.disk.threshold_enabled=false",
                "path.data=" + base.resolve("data"),
                "path.logs=" + base.resolve("logs"))
                .forEach(setting -> command.addAll(List.of("-E", setting)));
        return command;
    }

    /** Creates the node's folders and its own copy of the distribution's settings; as root, hands them over. */
    private Path prepareDirectories() throws IOException {
        Path config = base.resolve("config");
        for (String dir : List.of("data", "logs", "tmp")) {
            Files.createDirectories(base.resolve(dir));
        }
        if (!Files.exists(config.resolve("elasticsearch.yml"))) {
            copyTree(home.resolve("config"), config);
        }
        if (isRoot()) {
            checkReachableByUnprivilegedUser(home);
            checkReachableByUnprivilegedUser(base);
            try (Stream<Path> paths = Files.walk(base)) {
                for (Path p : (Iterable<Path>) paths::iterator) {
                    Files.setAttribute(p, "unix:uid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", UNPRIVILEGED_ID, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        return config;
    }

    private static void checkReachableByUnprivilegedUser(Path path) throws IOException {
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("Elasticsearch refuses to run as root, so Tandem runs it as user "
                        + UNPRIVILEGED_ID + ", who cannot enter " + p + ". Run 'chmod o+x " + p
                        + "', run Tandem as a normal user, or set TANDEM_ES_URL.");
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * A node left running by a Tandem that was killed holds the data directory's lock: stop it first. A node whose
     * Tandem still runs is not ours to stop: starting a second Tandem on the same data directory is refused.
     */
    private void stopLeftover() throws IOException {
        Path pidFile = base.resolve("elasticsearch.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            String[] pids = Files.readString(pidFile).strip().split("\\s+");
            long pid = Long.parseLong(pids[0]);
            Optional<ProcessHandle> owner = pids.length > 1 ? ProcessHandle.of(Long.parseLong(pids[1]))
                    : Optional.empty();
            if (owner.filter(ProcessHandle::isAlive).filter(o -> o.pid() != ProcessHandle.current().pid())
                    .filter(o -> o.info().command().orElse("").contains("java")).isPresent()) {
                throw new InvalidSettingException("The Elasticsearch data in " + base + " belongs to a Tandem that"
                        + " is still running (pid " + pids[1] + "): stop it first, or give this one its own"
                        + " TANDEM_DATA_DIR.");
            }
            Optional<ProcessHandle> leftover = ProcessHandle.of(pid);
            if (leftover.isPresent() && leftover.get().info().commandLine().orElse("").contains("elasticsearch")) {
                LOG.warn("Stopping an Elasticsearch dev service left running by an earlier Tandem (pid {})", pid);
                stopTree(leftover.get());
            }
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring an unreadable pid file {}", pidFile);
        }
        Files.deleteIfExists(pidFile);
    }

    /**
     * Waits until the node answers health requests; throws with its output when it dies or takes too long. Holds no
     * lock while it waits, so that Tandem can stop the node meanwhile (a start-up that fails elsewhere).
     */
    public void awaitReady() {
        Process node;
        URI nodeUrl;
        long launched;
        synchronized (this) {
            if (ready) {
                return;
            }
            if (process == null) {
                throw new IllegalStateException("The Elasticsearch dev service was not launched, or was stopped");
            }
            node = process;
            nodeUrl = url;
            launched = launchedAt;
        }
        try {
            awaitHealthy(node, nodeUrl);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        synchronized (this) {
            ready = process == node;
        }
        LOG.info("Elasticsearch dev service ready on {} in {} ms", nodeUrl, (System.nanoTime() - launched) / 1_000_000);
    }

    private void awaitHealthy(Process node, URI nodeUrl) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI health = nodeUrl.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s");
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with code " + node.exitValue()
                        + " while starting. Its output:\n" + tail(base.resolve("logs/console.log")));
            }
            if (answers(health)) {
                return;
            }
            try {
                node.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
            }
        }
        throw new IllegalStateException("Elasticsearch did not become healthy within " + START_TIMEOUT.toSeconds()
                + " s. Its output:\n" + tail(base.resolve("logs/console.log")));
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(3000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** {@code target/elasticsearch/elasticsearch-<version>}, beside the classes or the jar Tandem runs from. */
    private static Path unpackedByBuild() {
        try {
            Path codeSource = Path.of(ElasticsearchDevService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.getParent().resolve("elasticsearch").resolve("elasticsearch-" + VERSION);
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("target", "elasticsearch", "elasticsearch-" + VERSION);
        }
    }
}
