package dev.tandem.config;

import org.apache.camel.component.properties.EnvPropertiesFunction;

/**
 * Camel's {@code {{env:NAME:default}}} placeholder, extended so that a variable missing from the process environment
 * is looked up in the {@code .env} file before the default applies: environment beats {@code .env} beats properties.
 */
public final class EnvironmentFunction extends EnvPropertiesFunction {

    private final DotEnv dotEnv;

    public EnvironmentFunction(DotEnv dotEnv) {
        this.dotEnv = dotEnv;
    }

    @Override
    public String apply(String remainder) {
        int colon = remainder.indexOf(':');
        String name = colon >= 0 ? remainder.substring(0, colon) : remainder;
        String fromEnvironment = super.apply(name);
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        String fromDotEnv = dotEnv.get(name);
        if (fromDotEnv != null) {
            return fromDotEnv;
        }
        return colon >= 0 ? remainder.substring(colon + 1) : null;
    }
}
