package dev.tandem.mcp.modern;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Seals {@link RequestState} into the opaque {@code requestState} a client echoes, with AES-256-GCM: the client can
 * neither read nor change it, and any process holding the same key opens it, so any replica continues the request.
 * Format {@code v1.<base64url(iv ‖ ciphertext ‖ tag)>}.
 */
final class RequestStateCodec {

    /** Why a state was refused; the message tells the client what to do. */
    static final class InvalidStateException extends Exception {
        InvalidStateException(String reason) {
            super("The requestState " + reason + ": call again without requestState and inputResponses.", null,
                    false, false);
        }
    }

    private static final String PREFIX = "v1.";
    private static final byte[] AAD = "tandem-mcp-requestState-v1".getBytes(StandardCharsets.US_ASCII);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RequestStateCodec(byte[] key, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(key, "AES");
        this.ttl = ttl;
        this.clock = clock;
    }

    /** When a state issued now lapses, in epoch seconds. */
    long expiry() {
        return clock.instant().plus(ttl).getEpochSecond();
    }

    String seal(RequestState state) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv);
            byte[] sealed = cipher.doFinal(JSON.writeValueAsBytes(state));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(iv.length
                    + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("A request state could not be sealed", e);
        }
    }

    /** The state, when this server sealed it with this key and it has not lapsed. */
    RequestState open(String token) throws InvalidStateException {
        byte[] raw;
        try {
            if (!token.startsWith(PREFIX)) {
                throw new IllegalArgumentException(token);
            }
            raw = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidStateException("is not one Tandem issued");
        }
        if (raw.length <= IV_BYTES) {
            throw new InvalidStateException("is not one Tandem issued");
        }
        RequestState state;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(raw, IV_BYTES));
            byte[] plain = cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
            state = JSON.readValue(plain, RequestState.class);
        } catch (AEADBadTagException e) {
            throw new InvalidStateException("was changed, or was sealed with another key than this server's (by"
                    + " this server before a restart, or by a replica without the same TANDEM_MCP_STATE_KEY)");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new InvalidStateException("is not one Tandem issued");
        }
        if (clock.instant().getEpochSecond() >= state.expires()) {
            throw new InvalidStateException("has expired");
        }
        return state;
    }

    private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(AAD);
        return cipher;
    }
}
