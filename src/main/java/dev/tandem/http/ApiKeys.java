package dev.tandem.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import dev.tandem.config.ProjectConfiguration;

/**
 * The credentials Tandem admits: the one token (every scope) and the named API keys. A bearer value is compared with
 * every credential's SHA-256 digest in constant time, all of them every time, so the answer's timing tells nothing
 * about which key came close. Tokens are kept only as digests and never logged.
 */
public final class ApiKeys {

    private record Credential(byte[] digest, Caller caller) {
    }

    private final List<Credential> credentials = new ArrayList<>();
    private final Caller nobody;

    public ApiKeys(Optional<String> token, List<ProjectConfiguration.ApiKey> keys) {
        token.ifPresent(t -> credentials.add(new Credential(digest(t), new Caller("token",
                EnumSet.allOf(Scope.class), 0))));
        for (ProjectConfiguration.ApiKey key : keys) {
            EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
            key.scopes().forEach(s -> scopes.add(Scope.of(s)));
            credentials.add(new Credential(digest(key.token()), new Caller(key.name(), scopes,
                    key.requestsPerMinute())));
        }
        nobody = new Caller("local", EnumSet.allOf(Scope.class), 0);
    }

    /** Whether requests need a credential at all; without one Tandem listens on loopback only. */
    public boolean required() {
        return !credentials.isEmpty();
    }

    /** The caller an {@code Authorization} header identifies, when it names a known credential. */
    public Optional<Caller> identify(String authorization) {
        if (!required()) {
            return Optional.of(nobody);
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] given = digest(authorization.substring(7).strip());
        Caller found = null;
        for (Credential credential : credentials) {
            if (MessageDigest.isEqual(given, credential.digest()) && found == null) {
                found = credential.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
