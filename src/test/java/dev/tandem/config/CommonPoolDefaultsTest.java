package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

class CommonPoolDefaultsTest {

    private static final int CALLS = 50;

    @Test
    void should_start_no_thread_per_http_answer_on_two_cores() throws Exception {
        assertThat(threadsStartedByCalls()).isLessThan(CALLS / 10);
    }

    @Test
    void should_keep_the_common_pool_size_the_user_gave() throws Exception {
        assertThat(threadsStartedByCalls("-D" + CommonPoolDefaults.PARALLELISM + "=1")).isGreaterThanOrEqualTo(CALLS);
    }

    /** Runs {@link Calls} in a JVM that sees two cores, as Tandem's main starts; what it printed. */
    private static int threadsStartedByCalls(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:ActiveProcessorCount=2"));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Calls.class.getName()));
        Process calls = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(calls.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(calls.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(calls.exitValue()).as(output).isZero();
        return Integer.parseInt(output.substring(output.lastIndexOf('\n') + 1));
    }

    /** Applies the defaults as Tandem's main does, then prints how many threads {@value #CALLS} HTTP calls started. */
    static final class Calls {

        public static void main(String[] args) throws Exception {
            CommonPoolDefaults.apply();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress()
                    .getPort() + "/")).build();
            for (int i = 0; i < 5; i++) {
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).join();
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long before = threads.getTotalStartedThreadCount();
            for (int i = 0; i < CALLS; i++) {
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).join();
            }
            System.out.println(threads.getTotalStartedThreadCount() - before);
            server.stop(0);
        }
    }
}
