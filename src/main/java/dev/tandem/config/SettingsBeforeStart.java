package dev.tandem.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting read before Camel starts (the data dir of the {@code pull} command): its line in application.properties
 * resolved as the running Tandem resolves it, the environment first, then {@code .env}, then the default written
 * there, so that no second default exists in Java.
 */
public final class SettingsBeforeStart {

    private static final Pattern ENVIRONMENT = Pattern.compile("\\{\\{env:(.*)}}");

    private final Properties properties;
    private final EnvironmentFunction environment;

    private SettingsBeforeStart(Properties properties, EnvironmentFunction environment) {
        this.properties = properties;
        this.environment = environment;
    }

    public static SettingsBeforeStart read(DotEnv dotEnv) {
        Properties properties = new Properties();
        try (InputStream in = SettingsBeforeStart.class.getClassLoader().getResourceAsStream("application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SettingsBeforeStart(properties, new EnvironmentFunction(dotEnv));
    }

    /** The setting's value; a blank one is refused as the settings check at start-up refuses it. */
    public String text(String key) {
        String declared = properties.getProperty(key);
        if (declared == null) {
            throw InvalidSettingException.undeclared(key);
        }
        Matcher placeholder = ENVIRONMENT.matcher(declared.strip());
        String value = placeholder.matches() ? environment.apply(placeholder.group(1)) : declared;
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException("Setting " + ProjectConfiguration.environmentName(key) + " (" + key
                    + ") is '': expected a value.");
        }
        return value.strip();
    }
}
