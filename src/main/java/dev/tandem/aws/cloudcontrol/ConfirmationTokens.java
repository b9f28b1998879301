package dev.tandem.aws.cloudcontrol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tandem.tool.ToolException;

/**
 * Tokens that tie a write to the security check a person saw: an HMAC of operation, region, type, identifier and the
 * canonical desired state (or patch), with an expiry. Nothing is stored: under the key derived from
 * {@code TANDEM_MCP_STATE_KEY} a token issued by one replica verifies on any other; without it, only in this process.
 */
public final class ConfirmationTokens {

    /** What a token stands for; the payload is compared in canonical JSON, so key order does not matter. */
    record Subject(String operation, String region, String typeName, String identifier, Object payload) {

        String canonical() {
            return String.join("\n", operation, region, typeName, identifier == null ? "" : identifier,
                    payload == null ? "" : Json.canonical(payload));
        }
    }

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    /** Tokens under a key of this process only. */
    public ConfirmationTokens(Duration ttl, Clock clock) {
        this(randomKey(), ttl, clock);
    }

    /** Tokens under this key: every process built with the same key verifies the others' tokens. */
    public ConfirmationTokens(byte[] key, Duration ttl, Clock clock) {
        this.key = key.clone();
        this.ttl = ttl;
        this.clock = clock;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    String issue(Subject subject) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        return expires + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(expires, subject));
    }

    Instant expiry(String token) {
        return Instant.ofEpochSecond(Long.parseLong(token.substring(0, token.indexOf('.'))));
    }

    /** Throws a tool error saying what to do when the token is missing, malformed, expired or for something else. */
    void verify(String token, Subject subject, String tool) {
        if (token == null) {
            throw new ToolException(tool + " needs a confirmation_token: call aws_check_resource_security with"
                    + " operation " + subject.operation() + " and the same type, identifier and payload first, and"
                    + " show its findings to the user.");
        }
        int dot = token.indexOf('.');
        long expires;
        byte[] signature;
        try {
            expires = Long.parseLong(token.substring(0, dot));
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (RuntimeException e) {
            throw new ToolException("The confirmation_token is not one Tandem issued.");
        }
        if (!MessageDigest.isEqual(signature, mac(expires, subject))) {
            // one signature covers both: a different change and a different key cannot be told apart
            throw new ToolException("The confirmation_token was issued for another operation, region, type,"
                    + " identifier or payload, or by another Tandem process (before a restart, or a replica without"
                    + " the same TANDEM_MCP_STATE_KEY): check this exact change again with"
                    + " aws_check_resource_security.");
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expires))) {
            throw new ToolException("The confirmation_token expired at " + Instant.ofEpochSecond(expires)
                    + ": check the change again with aws_check_resource_security for a new one.");
        }
    }

    private byte[] mac(long expires, Subject subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal((expires + "\n" + subject.canonical()).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
