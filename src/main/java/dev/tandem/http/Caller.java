package dev.tandem.http;

import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

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

    /** The scopes in the header's order, by label; loops, not streams: the guard writes it for every request. */
    private static final List<Scope> BY_LABEL = Arrays.stream(Scope.values())
            .sorted(Comparator.comparing(Scope::label)).toList();

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope);
    }

    /** As {@link #HEADER} carries it. */
    public String header() {
        StringJoiner header = new StringJoiner(",", name + ":", "");
        for (Scope scope : BY_LABEL) {
            if (scopes.contains(scope)) {
                header.add(scope.label());
            }
        }
        return header.toString();
    }

    /** The caller the guard admitted, from the header it set; empty for a call that did not come over HTTP. */
    public static Optional<Caller> fromHeader(String header) {
        if (header == null || header.indexOf(':') < 0) {
            return Optional.empty();
        }
        int colon = header.indexOf(':');
        EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (int from = colon + 1; from < header.length(); ) {
            int comma = header.indexOf(',', from);
            int end = comma < 0 ? header.length() : comma;
            String label = header.substring(from, end);
            if (!label.isBlank()) {
                scopes.add(Scope.of(label));
            }
            from = end + 1;
        }
        return Optional.of(new Caller(header.substring(0, colon), scopes, 0));
    }
}
