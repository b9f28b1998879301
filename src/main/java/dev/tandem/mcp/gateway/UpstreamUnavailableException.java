package dev.tandem.mcp.gateway;

import java.util.Locale;

/** A request that did not reach its upstream, or got no answer in time: the caller is told why, in words. */
public final class UpstreamUnavailableException extends RuntimeException {

    /**
     * Why: the server is down or gone, its circuit is open, it did not answer in time, the exchange broke, the caller
     * gave the call up.
     */
    public enum Kind {
        DOWN, CIRCUIT_OPEN, TIMEOUT, FAILED, CANCELLED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;

    UpstreamUnavailableException(String message, Kind kind) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean timedOut() {
        return kind == Kind.TIMEOUT;
    }
}
