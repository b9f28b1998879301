package dev.tandem.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every replica shares ({@code TANDEM_MCP_STATE_KEY}: 32 bytes in base64), from which each use derives
 * its own key, so that what one replica seals or signs another opens. Without it, a random key of this process:
 * then only this process can open what it issued.
 */
public final class ServerKey {

    private static final int BYTES = 32;

    private final byte[] secret;
    private final boolean shared;

    private ServerKey(byte[] secret, boolean shared) {
        this.secret = secret;
        this.shared = shared;
    }

    /** The configured key, or a random one when none is set; a key that is not 32 bytes of base64 is refused. */
    static ServerKey of(Optional<String> base64, String setting) {
        if (base64.isEmpty()) {
            byte[] random = new byte[BYTES];
            new SecureRandom().nextBytes(random);
            return new ServerKey(random, false);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.get());
        } catch (IllegalArgumentException e) {
            decoded = new byte[0];
        }
        if (decoded.length != BYTES) {
            throw new InvalidSettingException("Setting " + setting + " must be 32 random bytes in base64 (e.g. the"
                    + " output of 'openssl rand -base64 32'), the same on every replica.");
        }
        return new ServerKey(decoded, true);
    }

    /** Whether the key came from the settings (every replica can have it) rather than from this process. */
    public boolean shared() {
        return shared;
    }

    /** A 32-byte key for one purpose: HMAC-SHA256 of the purpose under the secret, so no two uses share a key. */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return shared ? "ServerKey[****]" : "ServerKey[random]";
    }
}
