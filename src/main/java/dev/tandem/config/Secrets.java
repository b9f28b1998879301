package dev.tandem.config;

import java.net.URI;
import java.util.regex.Pattern;

/** Masks secrets before a value reaches a log line. */
public final class Secrets {

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|password|token|api[._-]?key|access[._-]?key|credential).*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private Secrets() {
    }

    /** Whether a setting of this name holds a secret. */
    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** A value safe to log: secrets become {@code ****}, credentials inside URLs are hidden. */
    public static String mask(String name, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (isSecretName(name)) {
            return "****";
        }
        return URL_USER_INFO.matcher(value).replaceAll("****@");
    }

    /** A URI safe to log: its user info, if any, is hidden. */
    public static String mask(URI uri) {
        return mask("uri", uri.toString());
    }
}
