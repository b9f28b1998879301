package dev.tandem.http;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who sent a request, as the guard established it: an API key's name (or {@code token} for the one token, or
 * {@code local} when no credential is configured), its scopes, and its requests-per-minute limit (0: none).
 */
public record Caller(String name, Set<Scope> scopes, int requestsPerMinute) {

    /**
     * The request header that carries the caller from the guard to the routes ({@code name:scope,scope}); the guard
     * drops a client's own. Not {@code X-Tandem-*}: those may reach responses.
     */
    public static final String HEADER = "Tandem-Caller";

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }

    /** As {@link #HEADER} carries it. */
    public String header() {
        return name + ":" + scopes.stream().map(Scope::label).sorted().collect(Collectors.joining(","));
    }

    /** The caller the guard admitted, from the header it set; empty for a call that did not come over HTTP. */
    public static Optional<Caller> fromHeader(String header) {
        if (header == null || header.indexOf(':') < 0) {
            return Optional.empty();
        }
        int colon = header.indexOf(':');
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(header.substring(colon + 1).split(",")).filter(s -> !s.isBlank())
                .forEach(s -> scopes.add(Scope.of(s)));
        return Optional.of(new Caller(header.substring(0, colon), scopes, 0));
    }
}
