package dev.tandem.config;

/** A setting has a value Tandem cannot use; the message names the setting and what it accepts. */
public final class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
