package dev.tandem.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.tandem.ingest.EmbeddingModels;

/**
 * Tandem's typed settings. Each one is a property {@code tandem.x.y} in {@code application.properties} whose value
 * comes from the environment variable {@code TANDEM_X_Y} (or {@code .env}) when set; see {@link EnvironmentFunction}.
 */
public record ProjectConfiguration(
        Http http,
        Path dataDir,
        Ingest ingest,
        Elasticsearch elasticsearch,
        String embeddingModel,
        S3 s3) {

    public record Http(String host, int port) {
    }

    public record Ingest(List<Path> inboxes, boolean keep, int workers, int chunkWords, int chunkOverlap,
            long maxFileBytes) {
    }

    /** {@code url} empty means: start the Elasticsearch dev service. */
    public record Elasticsearch(Optional<URI> url, String indexPrefix, Optional<Path> home, String heap) {

        public boolean devService() {
            return url.isEmpty();
        }
    }

    /** {@code bucket} empty means S3 ingestion is off. */
    public record S3(Optional<String> bucket, String prefix, Optional<URI> endpoint, String region,
            boolean deleteAfterRead, long pollDelayMillis) {

        public boolean enabled() {
            return bucket.isPresent();
        }
    }

    /** Reads and validates every setting; a bad one throws {@link InvalidSettingException} naming it. */
    public static ProjectConfiguration load(Function<String, Optional<String>> properties) {
        Settings s = new Settings(properties);
        int workers = s.integer("tandem.ingest.workers", 2, 1, 64);
        int chunkWords = s.integer("tandem.chunk.words", 200, 20, 2000);
        int chunkOverlap = s.integer("tandem.chunk.overlap", 40, 0, chunkWords - 1);
        return new ProjectConfiguration(
                new Http(s.text("tandem.http.host", "127.0.0.1"), s.integer("tandem.http.port", 8080, 1, 65535)),
                s.path("tandem.data.dir", "./data"),
                new Ingest(s.paths("tandem.inbox", "./inbox"), s.bool("tandem.ingest.keep", false), workers,
                        chunkWords, chunkOverlap,
                        s.integer("tandem.ingest.max.file.mb", 100, 1, 10_000) * 1024L * 1024L),
                new Elasticsearch(s.optionalUri("tandem.es.url"), s.text("tandem.es.index", "tandem-chunks"),
                        s.optional("tandem.es.home").map(Path::of), s.memory("tandem.es.heap", "512m")),
                s.oneOf("tandem.embedding.model", EmbeddingModels.DEFAULT, EmbeddingModels.NAMES),
                new S3(s.optional("tandem.s3.bucket"), s.text("tandem.s3.prefix", ""),
                        s.optionalUri("tandem.s3.endpoint"), s.text("aws.region", "us-east-1"),
                        s.bool("tandem.s3.delete", false), s.integer("tandem.s3.poll.ms", 5000, 100, 3_600_000)));
    }

    /** The settings as they will be used, secrets masked, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("http", http.host() + ":" + http.port());
        d.put("data dir", dataDir.toAbsolutePath().normalize().toString());
        d.put("inbox", ingest.inboxes().toString() + (ingest.keep() ? " (files kept in place)" : ""));
        d.put("elasticsearch", elasticsearch.url().map(Secrets::mask).orElse("dev service"));
        d.put("embedding model", embeddingModel);
        d.put("s3", s3.bucket().map(b -> "s3://" + b + "/" + s3.prefix()
                + s3.endpoint().map(e -> " at " + Secrets.mask(e)).orElse("")).orElse("off"));
        return d;
    }

    /** Typed reads of raw settings, each failure naming the setting and the values it accepts. */
    private record Settings(Function<String, Optional<String>> properties) {

        Optional<String> optional(String key) {
            return properties.apply(key).map(String::strip).filter(v -> !v.isEmpty());
        }

        String text(String key, String defaultValue) {
            return optional(key).orElse(defaultValue);
        }

        int integer(String key, int defaultValue, int min, int max) {
            Optional<String> raw = optional(key);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            try {
                int value = Integer.parseInt(raw.get());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted range
            }
            throw invalid(key, raw.get(), "a whole number from " + min + " to " + max);
        }

        boolean bool(String key, boolean defaultValue) {
            Optional<String> raw = optional(key);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            return switch (raw.get().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw invalid(key, raw.get(), "true or false");
            };
        }

        String oneOf(String key, String defaultValue, List<String> accepted) {
            String value = text(key, defaultValue);
            if (!accepted.contains(value)) {
                throw invalid(key, value, "one of " + String.join(", ", accepted));
            }
            return value;
        }

        Path path(String key, String defaultValue) {
            String value = text(key, defaultValue);
            try {
                return Path.of(value);
            } catch (RuntimeException e) {
                throw invalid(key, value, "a file system path");
            }
        }

        List<Path> paths(String key, String defaultValue) {
            String value = text(key, defaultValue);
            List<String> parts = Arrays.stream(value.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
            if (parts.isEmpty()) {
                throw invalid(key, value, "a comma-separated list of folders");
            }
            return parts.stream().map(Path::of).toList();
        }

        String memory(String key, String defaultValue) {
            String value = text(key, defaultValue);
            if (!value.matches("\\d+[mMgG]")) {
                throw invalid(key, value, "a JVM heap size such as 512m or 1g");
            }
            return value;
        }

        Optional<URI> optionalUri(String key) {
            Optional<String> raw = optional(key);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = URI.create(raw.get());
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (IllegalArgumentException e) {
                // reported below with the accepted form
            }
            throw invalid(key, Secrets.mask(key, raw.get()), "an http:// or https:// URL such as http://localhost:9200");
        }

        private static InvalidSettingException invalid(String key, String value, String accepted) {
            return new InvalidSettingException("Setting " + environmentName(key) + " (" + key + ") is '" + value
                    + "': expected " + accepted + ".");
        }
    }

    /** {@code tandem.http.port} is set by the environment variable {@code TANDEM_HTTP_PORT}. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
