package dev.tandem.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one list of what is secret, and the masking every log line, start-up summary, {@code /observe} answer and
 * error message goes through. A setting is secret by its name (API keys, tokens, passwords, AWS keys, DocumentDB
 * URIs) or because its value is a URL with credentials. The values of secret settings are learnt at start-up, so
 * that a value is masked wherever it shows up, even in what a library (the MongoDB driver, Camel, the AWS SDK) logs.
 */
public final class Secrets {

    public static final String MASK = "****";
    /** Shorter values are not masked by value: they would blot out ordinary words and numbers everywhere. */
    static final int SHORTEST_MASKED_VALUE = 4;

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*("
            + "secret|password|passwd|token|api[._-]?key|access[._-]?key([._-]?id)?)"
            // a DocumentDB connection's URI: tandem.documentdb.connections.<name>.uri or TANDEM_DOCUMENTDB_..._URI
            + "|tandem[._]documentdb[._]connections[._].+[._]uri");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s\"']+@");

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    /** Longest first, so that a secret containing another is masked whole. */
    private static volatile List<String> knownLongestFirst = List.of();
    private static final Set<String> USER_NAMES = ConcurrentHashMap.newKeySet();
    /** User names are masked as whole words only: a user 'elastic' must not turn 'elasticsearch' into '****search'. */
    private static volatile Pattern userNames = null;

    private Secrets() {
    }

    /** Whether a setting of this name holds a secret: {@code tandem.openai.api.key}, {@code AWS_SESSION_TOKEN}, ... */
    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** A value safe to show: a secret setting's becomes {@code ****}, credentials inside URLs are hidden. */
    public static String mask(String name, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (isSecretName(name)) {
            return MASK;
        }
        return maskText(value);
    }

    /** A URI safe to show: its user info, if any, is hidden. */
    public static String mask(URI uri) {
        return maskText(uri.toString());
    }

    /** Text safe to show: every secret value learnt so far and the credentials of any URL become {@code ****}. */
    public static String maskText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : knownLongestFirst) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        Pattern names = userNames;
        if (names != null) {
            masked = names.matcher(masked).replaceAll(MASK);
        }
        Matcher userInfo = URL_USER_INFO.matcher(masked);
        return userInfo.find() ? userInfo.replaceAll(MASK + "@") : masked;
    }

    /** Learns the secrets among these settings (environment, {@code .env}, system properties, configuration). */
    public static void learn(Map<?, ?> settings) {
        settings.forEach((name, value) -> learn(String.valueOf(name), String.valueOf(value)));
    }

    /** Learns the value when the setting is secret, and the credentials of a URL whatever the setting. */
    public static void learn(String name, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        if (isSecretName(name)) {
            remember(value.strip());
        }
        learnUrlCredentials(value);
    }

    /** Learns a value that is secret whatever names it: what a {@code ${NAME}} in mcp.json expanded to. */
    public static void learnValue(String value) {
        if (value != null && !value.isBlank()) {
            remember(value.strip());
            learnUrlCredentials(value);
        }
    }

    /**
     * Learns the credentials of every URL in the value: the user info as written, decoded and as a Basic header, the
     * password as written and decoded, and the user name (masked as a whole word).
     */
    public static void learnUrlCredentials(String value) {
        Matcher userInfo = URL_USER_INFO.matcher(value);
        while (userInfo.find()) {
            String raw = userInfo.group().substring(0, userInfo.group().length() - 1);
            String decoded = decode(raw);
            String[] userAndPassword = raw.split(":", 2);
            Stream.of(raw, decoded, Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8)))
                    .forEach(Secrets::remember);
            if (userAndPassword.length == 2) {
                Stream.of(userAndPassword[1], decode(userAndPassword[1])).forEach(Secrets::remember);
            }
            Stream.of(userAndPassword[0], decode(userAndPassword[0])).forEach(Secrets::rememberUserName);
        }
    }

    private static String decode(String urlPart) {
        return URLDecoder.decode(urlPart.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static synchronized void rememberUserName(String name) {
        if (name.length() >= SHORTEST_MASKED_VALUE && USER_NAMES.add(name)) {
            userNames = Pattern.compile(USER_NAMES.stream().map(Pattern::quote)
                    .collect(Collectors.joining("|", "(?<![\\w-])(?:", ")(?![\\w-])")));
        }
    }

    private static synchronized void remember(String secret) {
        if (secret.length() >= SHORTEST_MASKED_VALUE && KNOWN.add(secret)) {
            knownLongestFirst = KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }
}
