package dev.tandem.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tandem's settings as {@code application.properties} declares them: each {@code key = {{env:NAME:default}}} line,
 * the only place a default is written.
 */
record ApplicationProperties(Map<String, Setting> settings) {

    record Setting(String key, String environmentVariable, String defaultValue) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-z][\\w.-]*)\\s*=\\s*\\{\\{env:([A-Z0-9_]+):(.*)}}\\s*$");

    static ApplicationProperties read() {
        try (InputStream in = ApplicationProperties.class.getClassLoader().getResourceAsStream("application.properties")) {
            Map<String, Setting> settings = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line.strip());
                if (m.matches()) {
                    settings.put(m.group(1), new Setting(m.group(1), m.group(2), m.group(3)));
                }
            }
            return new ApplicationProperties(Map.copyOf(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default of a setting, as the properties component resolves it when its variable is not set. */
    Optional<String> defaultOf(String key) {
        return Optional.ofNullable(settings.get(key)).map(Setting::defaultValue);
    }
}
