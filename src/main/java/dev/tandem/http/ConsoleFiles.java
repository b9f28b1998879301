package dev.tandem.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's static files, from the jar's {@code console/} folder: {@code /} is its page, {@code /console/<file>}
 * the rest. Each file is read and gzipped once; answers carry their content type, an ETag (304 when it still
 * matches; {@code no-cache} so a new jar is seen at once) and, for the page, a content security policy that lets it
 * talk to Tandem only. The files are public, like {@code /observe/live}: the page has to load to ask for the token.
 */
final class ConsoleFiles implements Handler<RoutingContext> {

    static final String PREFIX = "/console/";

    /** Flat names only, so no path can leave the folder. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+\\.(html|css|js|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record File(String type, byte[] plain, byte[] gzipped, String etag) {
    }

    private final ConcurrentHashMap<String, Optional<File>> files = new ConcurrentHashMap<>();

    /** Whether a request is for the console's files, which need no credential. */
    static boolean serves(HttpMethod method, String path) {
        return (method == HttpMethod.GET || method == HttpMethod.HEAD)
                && (path.equals("/") || path.startsWith(PREFIX));
    }

    @Override
    public void handle(RoutingContext context) {
        String path = context.normalizedPath();
        if (!serves(context.request().method(), path)) {
            context.next();
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(PREFIX.length());
        Optional<File> file = NAME.matcher(name).matches() ? files.computeIfAbsent(name, ConsoleFiles::read)
                : Optional.empty();
        HttpServerResponse response = context.response();
        if (file.isEmpty()) {
            response.setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("The console has no file " + name.replaceAll("[^\\w.-]", "_") + ".");
            return;
        }
        File found = file.get();
        response.putHeader("Content-Type", found.type()).putHeader("Cache-Control", "no-cache")
                .putHeader("ETag", found.etag()).putHeader("Vary", "Accept-Encoding")
                .putHeader("X-Content-Type-Options", "nosniff");
        if (name.endsWith(".html")) {
            response.putHeader("Content-Security-Policy", POLICY).putHeader("Referrer-Policy", "no-referrer");
        }
        if (found.etag().equals(context.request().getHeader("If-None-Match"))) {
            response.setStatusCode(304).end();
            return;
        }
        String accepted = context.request().getHeader("Accept-Encoding");
        boolean gzip = accepted != null && accepted.contains("gzip");
        byte[] body = gzip ? found.gzipped() : found.plain();
        if (gzip) {
            response.putHeader("Content-Encoding", "gzip");
        }
        if (context.request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(body.length)).end();
        } else {
            response.end(Buffer.buffer(body));
        }
    }

    private static Optional<File> read(String name) {
        try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream("console/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] plain = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new File(TYPES.get(extension), plain, gzip(plain), etag(plain)));
        } catch (IOException e) {
            throw new UncheckedIOException("The console's file " + name + " cannot be read from the jar", e);
        }
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] plain) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plain);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
