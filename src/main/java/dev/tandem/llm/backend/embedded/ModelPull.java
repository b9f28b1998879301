package dev.tandem.llm.backend.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Downloads a GGUF model into a folder: into {@code <file>.part} first, continued with an HTTP Range request when an
 * earlier download was interrupted, refused as soon as its first bytes show it is not GGUF, checked against a SHA-256
 * when one is given and against its own header, and only then renamed to {@code <file>}.
 */
public final class ModelPull {

    /** The model suggested where one is needed and the user has none. */
    public static final String SUGGESTED = "qwen2.5-0.5b-instruct";

    private static final int MAGIC_BYTES = 4;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final HttpClient http;
    private final Path folder;
    private final Progress progress;

    public ModelPull(HttpClient http, Path folder, PrintStream console) {
        this.http = http;
        this.folder = folder;
        this.progress = new Progress(console);
    }

    /** A failure the user can act on; the message says what happened and what to do. */
    public static final class PullFailed extends RuntimeException {
        PullFailed(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code nameOrUrl}: a {@link RecommendedModel} name or an http(s) URL ending in the file name. */
    public Path pull(String nameOrUrl, Optional<String> sha256) throws IOException, InterruptedException {
        Optional<RecommendedModel> known = RecommendedModel.named(nameOrUrl);
        URI url = known.map(RecommendedModel::url).orElseGet(() -> url(nameOrUrl));
        Optional<String> expected = sha256.or(() -> known.flatMap(RecommendedModel::sha256))
                .map(d -> d.toLowerCase(Locale.ROOT));
        if (expected.isPresent() && !SHA256.matcher(expected.get()).matches()) {
            // before the download: a mistyped digest would only show once gigabytes had come, and delete them
            throw new PullFailed("--sha256 takes the file's SHA-256 as 64 hex digits; '" + expected.get()
                    + "' is not one");
        }
        String fileName = Path.of(url.getPath()).getFileName().toString();
        Files.createDirectories(folder);
        Path target = folder.resolve(fileName);
        Path part = folder.resolve(fileName + ".part");
        download(url, part);
        String actual = sha256Of(part);
        if (expected.isPresent() && !expected.get().equals(actual)) {
            Files.delete(part);
            throw new PullFailed("The download of " + fileName + " does not match its SHA-256: expected "
                    + expected.get() + ", got " + actual + ". The file was deleted; pull it again.");
        }
        try {
            GgufFile.read(part);
        } catch (InvalidModelFile broken) {
            Files.delete(part);
            throw new PullFailed(broken.getMessage().replace(part.toString(), fileName) + " The file was deleted.");
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        progress.line("Saved " + target + " (SHA-256 " + actual + (expected.isPresent() ? ", as expected" : "")
                + ")");
        return target;
    }

    private void download(URI url, Path part) throws IOException, InterruptedException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException unreachable) {
            ConnectException named = new ConnectException("could not connect to " + url.getHost()
                    + (url.getPort() < 0 ? "" : ":" + url.getPort()) + " (" + reason(unreachable) + ")");
            named.initCause(unreachable);
            throw named;
        }
        int status = response.statusCode();
        if (status == 416 && have > 0) { // the part file is already whole (or longer than the file): start again
            response.body().close();
            Files.delete(part);
            download(url, part);
            return;
        }
        if (status != 200 && status != 206) {
            response.body().close();
            throw new PullFailed(url + " answered HTTP " + status + ": check the name or URL");
        }
        boolean resumed = status == 206;
        long start = resumed ? have : 0;
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long total = length < 0 ? -1 : start + length;
        if (resumed) {
            progress.line("Resuming " + part.getFileName() + " at " + Progress.megabytes(have));
        }
        try (InputStream body = response.body();
                OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            long written = start;
            int read;
            while ((read = body.read(buffer)) > 0) {
                if (written < MAGIC_BYTES) {
                    refuseIfNotGguf(part, buffer, read, written);
                }
                out.write(buffer, 0, read);
                written += read;
                progress.show(written, total);
            }
            progress.done(written);
            if (total >= 0 && written < total) {
                throw new PullFailed("The download stopped at " + Progress.megabytes(written) + " of "
                        + Progress.megabytes(total) + "; run pull again to continue it");
            }
        }
    }

    /** The JDK client's connection failures carry no message: what happened is told by a cause's class, if at all. */
    private static String reason(ConnectException unreachable) {
        for (Throwable t = unreachable; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "the name does not resolve";
            }
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return "refused or unreachable";
    }

    /** Checks the magic once the first 4 bytes are known: the part file's head followed by the new bytes. */
    private static void refuseIfNotGguf(Path part, byte[] buffer, int read, long written) throws IOException {
        byte[] head = new byte[MAGIC_BYTES];
        int known = 0;
        if (written > 0) {
            try (InputStream existing = Files.newInputStream(part)) {
                known = existing.readNBytes(head, 0, (int) written);
            }
        }
        int fromBuffer = Math.min(MAGIC_BYTES - known, read);
        System.arraycopy(buffer, 0, head, known, fromBuffer);
        if (known + fromBuffer == MAGIC_BYTES && !GgufReader.startsWithMagic(head)) {
            Files.deleteIfExists(part);
            throw new PullFailed("What the URL serves is not a GGUF model (it does not start with GGUF): point"
                    + " pull at a .gguf file");
        }
    }

    private static URI url(String nameOrUrl) {
        if (!nameOrUrl.startsWith("http://") && !nameOrUrl.startsWith("https://")) {
            throw new PullFailed("'" + nameOrUrl + "' is neither a model pull knows (" + String.join(", ",
                    RecommendedModel.ALL.stream().map(RecommendedModel::name).toList()) + ") nor an http(s) URL");
        }
        URI url = URI.create(nameOrUrl);
        if (url.getPath() == null || !url.getPath().toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            throw new PullFailed(nameOrUrl + " does not name a .gguf file");
        }
        return url;
    }

    private static String sha256Of(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException everyJvmHasIt) {
            throw new IllegalStateException(everyJvmHasIt);
        }
    }

    /** A one-line progress bar, redrawn at each whole percent (or every 8 MB when the size is unknown). */
    private static final class Progress {
        private static final int WIDTH = 30;
        private final PrintStream console;
        private long lastShown = -1;

        Progress(PrintStream console) {
            this.console = console;
        }

        void show(long written, long total) {
            long step = total > 0 ? written * 100 / total : written >> 23;
            if (step == lastShown) {
                return;
            }
            lastShown = step;
            if (total > 0) {
                int filled = (int) (WIDTH * written / total);
                console.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + step + "% "
                        + megabytes(written) + " of " + megabytes(total));
            } else {
                console.print("\r" + megabytes(written));
            }
            console.flush();
        }

        void done(long written) {
            console.println();
            lastShown = -1;
        }

        void line(String text) {
            console.println(text);
        }

        static String megabytes(long bytes) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
        }
    }
}
