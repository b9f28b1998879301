package dev.tandem.llm.backend.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code java -jar tandem.jar pull <name-or-url> [--sha256 <hex>]}: downloads a model into {@code <data dir>/models}. */
public final class PullCommand {

    private PullCommand() {
    }

    /** The process's exit status: 0 saved, 1 refused or failed, 2 used wrongly. */
    public static int run(List<String> args, Path dataDir, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.size() == 2 || args.size() > 3
                || (args.size() == 3 && !"--sha256".equals(args.get(1)))) {
            err.println("Usage: java -jar target/tandem.jar pull <name-or-url> [--sha256 <hex>]");
            err.println("Models pull knows (small, permissive licences):");
            RecommendedModel.ALL.forEach(m -> err.println("  " + m.name() + "  " + m.size() + ", " + m.licence()));
            return 2;
        }
        Optional<String> sha256 = args.size() == 3 ? Optional.of(args.get(2)) : Optional.empty();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        try {
            Path saved = new ModelPull(http, dataDir.resolve("models"), out).pull(args.get(0), sha256);
            out.println("Use it: TANDEM_LOCAL=embedded TANDEM_LOCAL_GGUF=" + saved.toAbsolutePath().normalize());
            return 0;
        } catch (ModelPull.PullFailed refused) {
            err.println("pull: " + refused.getMessage());
            return 1;
        } catch (IOException failed) {
            err.println("pull: the download failed (" + failed.getMessage() + "); run pull again to continue it");
            return 1;
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
            err.println("pull: stopped; run pull again to continue the download");
            return 1;
        }
    }
}
