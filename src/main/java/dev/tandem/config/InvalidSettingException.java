package dev.tandem.config;

/** A setting has a value Tandem cannot use; the message names the setting and what it accepts. */
public final class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String message) {
        super(message);
    }

    /** A setting absent from application.properties, where its one default belongs: a packaging mistake. */
    public static InvalidSettingException undeclared(String key) {
        return new InvalidSettingException("Setting " + ProjectConfiguration.environmentName(key) + " (" + key
                + ") has no value and no default: application.properties must define it.");
    }
}
