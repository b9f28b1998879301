package dev.tandem.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.console.Browser;
import dev.tandem.llm.emulator.Reply;
import org.openqa.selenium.By;

/**
 * The console in headless Chromium against Tandem and the model emulators, per round: the first contentful paint of a
 * cold load of {@code /} (cache cleared) against fetching {@code /} raw, and the time from pressing Ask to the first
 * streamed token on the page against the same streamed request sent raw (as curl would). Then the page's transfer
 * size: what the first load moved (resource timing), and every console file gzipped as served (goal ≤ 200 KB).
 */
public final class ConsoleBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUESTION = "How do I rotate the signing keys?";
    private static final long GOAL_BYTES = 200 * 1024;

    private ConsoleBenchmark() {
    }

    public static void main(String[] args) {
        BenchRun.main("console", args, ConsoleBenchmark::run);
    }

    private static void run(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, "bench/console [--rounds 10] [--first-token-ms 100]"
                + " [--strategy hedge]", Set.of("--rounds", "--first-token-ms", "--strategy"), Set.of(), 0);
        int rounds = options.integer("--rounds", 10);
        Duration firstToken = Duration.ofMillis(options.integer("--first-token-ms", 100));
        String strategy = options.text("--strategy", "hedge");
        try (LlmBenchSetup setup = LlmBenchSetup.start(options, Map.of());
                Browser browser = Browser.start(1280, 900)) {
            Reply answer = Reply.text("Publish the new key a week early, then retire the old one.")
                    .withFirstTokenAfter(firstToken).withTokenInterval(Duration.ofMillis(20));
            setup.ollama.respond(r -> answer);
            setup.openai.respond(r -> answer);
            String base = "http://127.0.0.1:" + setup.port;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String body = JSON.writeValueAsString(Map.of("model", "tandem", "stream", true,
                    "stream_options", Map.of("include_usage", true),
                    "messages", List.of(Map.of("role", "user", "content", QUESTION)),
                    "tandem", Map.of("strategy", strategy)));
            double[] paint = new double[rounds];
            double[] rawPage = new double[rounds];
            double[] pageToken = new double[rounds];
            double[] rawToken = new double[rounds];
            long firstLoadBytes = 0;
            for (int round = 0; round <= rounds; round++) {
                boolean warmUp = round == 0;
                double fetched = rawFetch(http, base);
                double painted = coldPaint(browser, base, round);
                long moved = transferred(browser);
                double raw = rawFirstToken(http, base, body);
                double page = pageFirstToken(browser, strategy);
                if (!warmUp) {
                    rawPage[round - 1] = fetched;
                    paint[round - 1] = painted;
                    rawToken[round - 1] = raw;
                    pageToken[round - 1] = page;
                    firstLoadBytes = moved;
                }
            }
            long allFiles = gzippedFiles(http, base);
            System.out.printf("rounds %d (after one warm-up), strategy %s, emulated first token after %d ms%n", rounds,
                    strategy, firstToken.toMillis());
            report("first contentful paint of /, cold", paint, "raw GET / (whole body)", rawPage);
            report("first streamed token on the page", pageToken, "raw streamed request", rawToken);
            System.out.printf("first load of / moved %.1f KB; every console file gzipped: %.1f KB (goal <= %d KB: %s)%n",
                    firstLoadBytes / 1024.0, allFiles / 1024.0, GOAL_BYTES / 1024,
                    allFiles <= GOAL_BYTES ? "met" : "NOT met");
        }
    }

    private static void report(String what, double[] measured, String baseline, double[] raw) {
        double p50 = Percentiles.middle(measured);
        double rawP50 = Percentiles.middle(raw);
        System.out.printf("%-36s p50 %7.1f ms | %-26s p50 %7.1f ms | ratio %.2f%n", what, p50, baseline, rawP50,
                p50 / rawP50);
    }

    /** A load with the browser's cache emptied first; FCP from the page's own paint timing. */
    private static double coldPaint(Browser browser, String base, int round) {
        browser.driver().executeCdpCommand("Network.clearBrowserCache", Map.of());
        browser.open(base + "/?round=" + round + "#ask");
        Object fcp = browser.until(d -> browser.script("const p = performance.getEntriesByName("
                + "'first-contentful-paint')[0]; return p ? p.startTime : null;"));
        browser.until(d -> !d.findElements(By.cssSelector("#strategy option[value=hedge]")).isEmpty());
        return ((Number) fcp).doubleValue();
    }

    /** Bytes the load moved over the wire: the page and every resource it fetched (headers included). */
    private static long transferred(Browser browser) {
        return ((Number) browser.script("return performance.getEntriesByType('navigation')"
                + ".concat(performance.getEntriesByType('resource'))"
                + ".reduce((sum, e) => sum + e.transferSize, 0);")).longValue();
    }

    /** From submitting the question (as the Ask button does) to the first text of the answer on the page. */
    private static double pageFirstToken(Browser browser, String strategy) {
        browser.find("#question").sendKeys(QUESTION);
        browser.script("document.getElementById('strategy').value = arguments[0];"
                + "window.firstToken = null;"
                + "new MutationObserver((changes, observer) => {"
                + "  const answer = document.querySelector('.turn .answer');"
                + "  if (answer && answer.textContent) { window.firstToken = performance.now() - window.asked;"
                + "    observer.disconnect(); } }).observe(document.getElementById('conversation'),"
                + "  {childList: true, subtree: true, characterData: true});"
                + "window.asked = performance.now();"
                + "document.getElementById('ask-form').requestSubmit();", strategy);
        Object took = browser.until(d -> browser.script("return window.firstToken;"));
        browser.until(d -> d.findElements(By.cssSelector(".turn .winner")).size() > 0);
        return ((Number) took).doubleValue();
    }

    private static double rawFetch(HttpClient http, String base) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<byte[]> page = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        double took = (System.nanoTime() - start) / 1e6;
        if (page.statusCode() != 200) {
            throw new IllegalStateException("GET / answered " + page.statusCode());
        }
        return took;
    }

    /** The same streamed request as the page sends, timed to the first chunk that carries answer text. */
    private static double rawFirstToken(HttpClient http, String base, String body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base
                + "/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        double first = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (first < 0 && line.startsWith("data: {")) {
                    JsonNode content = JSON.readTree(line.substring(6)).at("/choices/0/delta/content");
                    if (content.isTextual() && !content.asText().isEmpty()) {
                        first = (System.nanoTime() - start) / 1e6;
                    }
                }
            }
        }
        if (first < 0) {
            throw new IllegalStateException("The raw stream carried no answer text (status " + response.statusCode()
                    + ")");
        }
        return first;
    }

    /** Every file of the console as served gzipped: what a browser moves to have seen every tab. */
    private static long gzippedFiles(HttpClient http, String base) throws IOException, InterruptedException {
        long total = 0;
        try (Stream<Path> files = Files.list(Path.of("target/classes/console"))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                String path = name.equals("index.html") ? "/" : "/console/" + name;
                HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
                total += served.body().length;
            }
        }
        return total;
    }
}
